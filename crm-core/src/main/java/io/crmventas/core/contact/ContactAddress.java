package io.crmventas.core.contact;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.internal.Check;
import java.util.Optional;

/**
 * How a channel reaches a person: a phone number, a {@link ChannelUserId}, or both. A WhatsApp
 * user who adopted a username may come with their business-scoped user id only; most come with
 * both. At least one is always present.
 *
 * <p>WhatsApp channels send to the phone number when there is one (it works for every kind of
 * message) and to the user id otherwise; a channel on a network that does not reach phone
 * numbers (Telegram) sends to the user id only.
 */
public record ContactAddress(Optional<PhoneNumber> phone, Optional<ChannelUserId> userId) {

  public ContactAddress {
    Check.optional("phone", phone);
    Check.optional("userId", userId);
    if (phone.isEmpty() && userId.isEmpty()) {
      throw new InvalidInputException("contact", null, "needs a phone number or a channel user id");
    }
  }

  public static ContactAddress of(PhoneNumber phone) {
    return new ContactAddress(Optional.of(Check.notNull("phone", phone)), Optional.empty());
  }

  public static ContactAddress of(ChannelUserId userId) {
    return new ContactAddress(Optional.empty(), Optional.of(Check.notNull("userId", userId)));
  }

  /** The address with either part missing (but not both). */
  public static ContactAddress of(Optional<PhoneNumber> phone, Optional<ChannelUserId> userId) {
    return new ContactAddress(phone, userId);
  }

  /** What people read for this address: the phone number when there is one, else the user id. */
  public String label() {
    return phone.map(PhoneNumber::value).orElseGet(() -> userId.orElseThrow().value());
  }

  @Override
  public String toString() {
    return phone.map(p -> userId.map(u -> p + " (" + u + ")").orElse(p.toString())).orElseGet(() -> label());
  }
}
