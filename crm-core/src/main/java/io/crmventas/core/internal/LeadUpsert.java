package io.crmventas.core.internal;

import io.crmventas.core.contact.ChannelUserId;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.lead.Lead;
import java.util.Optional;

/**
 * What {@link io.crmventas.core.lead.LeadStore#upsertByContact} does with the leads a store
 * found for a candidate's phone number and user id. Every store applies exactly these rules, so
 * they live here once.
 *
 * <p>A lead found by phone is the candidate's only if it has no user id or the same one: the
 * same number under another user id is another WhatsApp account (numbers are recycled, and a
 * user who changes number gets a new user id), so that lead is not used, and the candidate is
 * created without the number it holds. Otherwise the lead found by phone comes first, then the
 * one found by user id. The lead found takes the candidate's name, phone and user id where it
 * has none, each only if no other lead has it.
 */
public final class LeadUpsert {
  private LeadUpsert() {}

  /** The outcome: create {@link Create#lead}, or fill {@link Fill#lead} with what it lacks. */
  public sealed interface Outcome {}

  /** No lead is the candidate's: store {@code lead} (the candidate, perhaps without its phone). */
  public record Create(Lead lead) implements Outcome {}

  /**
   * {@code lead} is the candidate's; each value present is to be set on it (nothing to do when
   * all are empty).
   */
  public record Fill(Lead lead, Optional<String> name, Optional<PhoneNumber> phone, Optional<ChannelUserId> userId)
      implements Outcome {
    public boolean isEmpty() {
      return name.isEmpty() && phone.isEmpty() && userId.isEmpty();
    }

    /** {@code lead} with the values filled in (version and update time are the store's). */
    public Lead filled() {
      Lead.Builder b = lead.toBuilder();
      name.ifPresent(b::name);
      phone.ifPresent(b::phone);
      userId.ifPresent(b::channelUserId);
      return b.build();
    }
  }

  /**
   * @param byPhone the lead with the candidate's phone, if it has one and there is one
   * @param byUserId the lead with the candidate's user id, if it has one and there is one
   */
  public static Outcome resolve(Lead candidate, Optional<Lead> byPhone, Optional<Lead> byUserId) {
    Optional<Lead> samePerson = byPhone.filter(l -> l.channelUserId().isEmpty() || candidate.channelUserId().isEmpty()
        || l.channelUserId().equals(candidate.channelUserId()));
    Optional<Lead> found = samePerson.or(() -> byUserId);
    if (found.isEmpty()) {
      // byPhone, if any, is another account's: the number stays with it.
      return new Create(byPhone.isEmpty() ? candidate : candidate.toBuilder().phone(null).build());
    }
    Lead lead = found.get();
    return new Fill(lead,
        lead.name().isEmpty() ? candidate.name() : Optional.empty(),
        lead.phone().isEmpty() && byPhone.isEmpty() ? candidate.phone() : Optional.empty(),
        lead.channelUserId().isEmpty() && byUserId.isEmpty() ? candidate.channelUserId() : Optional.empty());
  }
}
