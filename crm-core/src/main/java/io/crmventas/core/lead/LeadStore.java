package io.crmventas.core.lead;

import io.crmventas.core.contact.ChannelUserId;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.store.InsertResult;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.tenant.UserId;
import java.util.Optional;

/**
 * One tenant's leads. A phone number identifies at most one lead per tenant, and so does a
 * {@link ChannelUserId} (WhatsApp's business-scoped user id). Thread-safe.
 *
 * <p>Writes check that the lead belongs to this tenant and that its assigned seller (if any)
 * is a member of it ({@link io.crmventas.core.InvalidInputException} otherwise).
 */
public interface LeadStore {

  /**
   * Stores a new lead and returns it with version 1.
   *
   * @throws io.crmventas.core.ConflictException if its phone, channel user id or id is taken
   *     (rule {@code lead.phone.unique}, {@code lead.channelUserId.unique} or
   *     {@code lead.id.unique})
   */
  Lead create(Lead lead);

  /**
   * Creates {@code candidate} unless a lead with its phone, or else with its channel user id,
   * exists: the lead a channel message comes from. Safe under concurrency: any number of
   * concurrent calls for one contact (the same phone, the same user id, or the same pair) end
   * with exactly one lead, and every caller gets it back.
   *
   * <p>A lead with the candidate's phone but another user id (a user whose id changed, or a
   * recycled number) is used only if no lead has the candidate's user id: the same WhatsApp
   * account comes before the same number. An existing lead is returned unchanged, except that it takes what it lacks from the candidate: its name, its
   * phone number (a lead first known by user id, whose number the channel now shows) and its
   * channel user id (a lead known by phone, whose user id the channel now sends), each only if
   * no other lead has it (if another lead takes it concurrently, the lead stays without it).
   * When the phone belongs to a lead without a user id and the user id to another lead (one
   * person who wrote first hiding the number), the phone's lead is returned and neither is
   * changed: two leads of one person are not merged here. The rules are
   * {@link io.crmventas.core.internal.LeadUpsert}'s.
   *
   * @return {@code Inserted} with the new lead, or {@code Duplicate} with the existing one
   */
  InsertResult<Lead> upsertByContact(Lead candidate);

  /** The lead with this id in this tenant, if any. */
  Optional<Lead> find(LeadId id);

  /**
   * Reads the lead and, inside a unit of work, locks it until the unit ends, so that no other
   * unit changes or locks it meanwhile (PostgreSQL {@code SELECT ... FOR UPDATE}). Outside a
   * unit of work it is a plain read.
   */
  Optional<Lead> lock(LeadId id);

  /** The lead with this phone in this tenant, if any. */
  Optional<Lead> findByPhone(PhoneNumber phone);

  /** The lead with this channel user id (WhatsApp's business-scoped user id) in this tenant, if any. */
  Optional<Lead> findByChannelUserId(ChannelUserId userId);

  /**
   * Saves a changed lead if nobody changed it since it was read: {@code lead.version()} must
   * equal the stored version. Returns it with the version incremented and {@code updatedAt}
   * set to the store's clock.
   *
   * @throws io.crmventas.core.ConflictException on a stale version (rule {@code lead.version})
   *     or a phone or channel user id taken by another lead (rule {@code lead.phone.unique} or
   *     {@code lead.channelUserId.unique})
   * @throws io.crmventas.core.NotFoundException if the lead does not exist
   */
  Lead update(Lead lead);

  /**
   * Sets only the lead's seller (empty to unassign) if nobody changed the lead since
   * {@code lead} was read, like {@link #update} but without rewriting the other fields.
   *
   * @return the lead as stored afterwards (version incremented, {@code updatedAt} from the
   *     store's clock)
   * @throws io.crmventas.core.ConflictException on a stale version (rule {@code lead.version})
   * @throws io.crmventas.core.InvalidInputException if the seller is not a member
   * @throws io.crmventas.core.NotFoundException if the lead does not exist
   */
  Lead assignSeller(Lead lead, Optional<UserId> sellerId);

  /** Leads matching {@code query}, newest first (by creation time, then id). */
  Page<Lead> list(LeadQuery query, PageRequest page);

  /** How many leads match {@code query}. */
  long count(LeadQuery query);
}
