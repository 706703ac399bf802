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
 * <p>The lead whose phone and user id both agree with the candidate's (or that lacks the one the
 * other has) comes first; then the lead with the candidate's user id, the same WhatsApp account;
 * then the lead with the candidate's phone but another user id. That last one is ambiguous (a
 * user whose user id changed, which a {@code user_changed_user_id} notice confirms later, or a
 * recycled number now used by another account) and is taken, as a CRM keyed by phone would.
 * The lead found takes the candidate's name, phone and user id where it has none, each only if
 * no other lead has it; it never loses or replaces one. Its username, which people change, is
 * replaced by the candidate's when the candidate has one and is the same WhatsApp account (the
 * same user id, one the lead takes now, or no user id on either side).
 */
public final class LeadUpsert {
  private LeadUpsert() {}

  /** The outcome: create {@link Create#lead}, or fill {@link Fill#lead} with what it lacks. */
  public sealed interface Outcome {}

  /** No lead is the candidate's: store {@code lead}, the candidate. */
  public record Create(Lead lead) implements Outcome {}

  /**
   * {@code lead} is the candidate's; each value present is to be set on it (nothing to do when
   * all are empty).
   */
  public record Fill(Lead lead, Optional<String> name, Optional<PhoneNumber> phone, Optional<ChannelUserId> userId,
      Optional<String> username) implements Outcome {
    public boolean isEmpty() {
      return name.isEmpty() && phone.isEmpty() && userId.isEmpty() && username.isEmpty();
    }

    /** {@code lead} with the values filled in (version and update time are the store's). */
    public Lead filled() {
      Lead.Builder b = lead.toBuilder();
      name.ifPresent(b::name);
      phone.ifPresent(b::phone);
      userId.ifPresent(b::channelUserId);
      username.ifPresent(b::username);
      return b.build();
    }
  }

  /**
   * @param byPhone the lead with the candidate's phone, if it has one and there is one
   * @param byUserId the lead with the candidate's user id, if it has one and there is one
   */
  public static Outcome resolve(Lead candidate, Optional<Lead> byPhone, Optional<Lead> byUserId) {
    Optional<Lead> agreeing = byPhone.filter(l -> l.channelUserId().isEmpty() || candidate.channelUserId().isEmpty()
        || l.channelUserId().equals(candidate.channelUserId()));
    Optional<Lead> found = agreeing.or(() -> byUserId).or(() -> byPhone);
    if (found.isEmpty()) {
      return new Create(candidate);
    }
    Lead lead = found.get();
    Optional<ChannelUserId> userId = lead.channelUserId().isEmpty() && byUserId.isEmpty()
        ? candidate.channelUserId() : Optional.empty();
    boolean sameAccount = lead.channelUserId().or(() -> userId).equals(candidate.channelUserId());
    return new Fill(lead,
        lead.name().isEmpty() ? candidate.name() : Optional.empty(),
        lead.phone().isEmpty() && byPhone.isEmpty() ? candidate.phone() : Optional.empty(),
        userId,
        sameAccount ? candidate.username().filter(u -> !lead.username().equals(Optional.of(u))) : Optional.empty());
  }
}
