package io.crmventas.core.channel;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.contact.ChannelUserId;
import io.crmventas.core.contact.ContactAddress;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.internal.Check;
import io.crmventas.core.lead.Lead;
import java.util.Optional;

/**
 * A channel telling the business that a person's address changed, not something the person wrote:
 * WhatsApp's {@code user_changed_number} (a new phone number, and with it a new business-scoped
 * user id) or {@code user_changed_user_id} (a new user id, the same number).
 *
 * <p>{@code previous} names what the person had: what finds their lead, and what the lead drops.
 * {@code current} names what they have now, which the lead takes. A part that {@code current}
 * leaves out is kept, unless {@code previous} names it (a number change that reports the old user
 * id but not the new one leaves the lead without a user id, so the person's next message gives it
 * the new one). {@link InboundRecorder#recordContactChange} applies it.
 */
public record ContactChange(ContactAddress previous, ContactAddress current) {

  public ContactChange {
    Check.notNull("previous", previous);
    Check.notNull("current", current);
    if (previous.equals(current)) {
      // Without the value: it is a phone number or user id, and this may end in logs.
      throw new InvalidInputException("current", null, "is the same address as the previous one");
    }
  }

  /** What the lead's phone number becomes: {@code current}'s, else its own unless it is the previous one. */
  Optional<PhoneNumber> phoneOf(Lead lead) {
    return current.phone().or(() -> lead.phone().filter(p -> !previous.phone().equals(Optional.of(p))));
  }

  /** What the lead's channel user id becomes, by the same rule as {@link #phoneOf}. */
  Optional<ChannelUserId> userIdOf(Lead lead) {
    return current.userId().or(() -> lead.channelUserId().filter(u -> !previous.userId().equals(Optional.of(u))));
  }

  /** What applying a change did. */
  public enum Outcome {
    /** The person's lead took the new address. */
    MOVED,
    /** No lead has the previous address: nothing to move. */
    NO_LEAD,
    /**
     * Another lead already has the new phone number or user id (the person's next message was
     * recorded first and made it): nothing changed, and the two leads are not merged.
     */
    TAKEN,
    /** The lead already has the new address (the change was applied before). */
    UNCHANGED
  }

  /**
   * What {@link InboundRecorder#recordContactChange} did.
   *
   * @param lead the person's lead as it is afterwards (empty for {@link Outcome#NO_LEAD})
   */
  public record Applied(Outcome outcome, Optional<Lead> lead) {}
}
