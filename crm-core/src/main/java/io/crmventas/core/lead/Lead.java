package io.crmventas.core.lead;

import io.crmventas.core.InvalidInputException;
import io.crmventas.core.contact.ChannelUserId;
import io.crmventas.core.contact.ContactAddress;
import io.crmventas.core.contact.EmailAddress;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.internal.Check;
import io.crmventas.core.tenant.TenantId;
import io.crmventas.core.tenant.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.regex.Pattern;

/**
 * A person who may buy: identified by their phone number, their {@link ChannelUserId} (a
 * WhatsApp business-scoped user id, for users who hide their number behind a username) or both,
 * each unique per tenant; scored, assigned to a seller and moved through the funnel.
 *
 * <p>Build new leads with {@link #builder}, change one with {@link #toBuilder} or a
 * {@code with...} method, and save the change through the lead store, which checks
 * {@link #version} so that concurrent changes are not lost.
 *
 * @param phone the lead's phone number; empty for a lead known only by its channel user id
 * @param channelUserId the id the channel gives the lead (WhatsApp's BSUID); at least one of
 *     {@code phone} and {@code channelUserId} is present
 * @param username the handle the lead shows on their channel in place of a number (a WhatsApp
 *     username such as {@code @anagomez}), as the channel last reported it; people change it, so
 *     it is shown, never used to find or reach the lead
 * @param language ISO 639 code of the language the lead writes in, when known
 * @param humanOverrideUntil while in the future, a person handles the conversation and the
 *     assistant stays silent
 * @param statusChangedAt when the status last changed (creation counts)
 * @param lastInboundAt when the lead last wrote
 * @param lastOutboundAt when the lead was last written to (by a seller or the assistant)
 * @param version incremented by the store on every change; 0 for a lead not yet stored
 */
public record Lead(
    LeadId id,
    TenantId tenantId,
    Optional<PhoneNumber> phone,
    Optional<ChannelUserId> channelUserId,
    Optional<String> username,
    Optional<String> name,
    Optional<EmailAddress> email,
    LeadStatus status,
    LeadSource source,
    Optional<MetaAttribution> attribution,
    Optional<LeadScore> score,
    Qualification qualification,
    SortedSet<String> tags,
    Optional<UserId> assignedSellerId,
    Optional<Instant> humanOverrideUntil,
    Optional<String> language,
    Instant createdAt,
    Instant updatedAt,
    Instant statusChangedAt,
    Optional<Instant> lastInboundAt,
    Optional<Instant> lastOutboundAt,
    long version) {

  private static final Pattern LANGUAGE = Pattern.compile("^[a-z]{2,3}$");
  /** The longest {@link #name} kept. */
  public static final int MAX_NAME = 200;
  /** The longest {@link #username} kept. */
  public static final int MAX_USERNAME = 100;

  public Lead {
    Check.notNull("id", id);
    Check.notNull("tenantId", tenantId);
    Check.optional("phone", phone);
    Check.optional("channelUserId", channelUserId);
    if (phone.isEmpty() && channelUserId.isEmpty()) {
      throw new InvalidInputException("phone", null, "is required when there is no channel user id");
    }
    username = Check.optionalText("username", username, MAX_USERNAME);
    name = Check.optionalText("name", name, MAX_NAME);
    Check.optional("email", email);
    Check.notNull("status", status);
    Check.notNull("source", source);
    Check.optional("attribution", attribution);
    Check.optional("score", score);
    Check.notNull("qualification", qualification);
    tags = Tags.of(tags);
    Check.optional("assignedSellerId", assignedSellerId);
    humanOverrideUntil = Check.optionalInstant("humanOverrideUntil", humanOverrideUntil);
    language = Check.optional("language", language);
    language.ifPresent(l -> {
      if (!LANGUAGE.matcher(l).matches()) {
        throw new InvalidInputException("language", l, "must be a lower-case ISO 639 code such as es or en");
      }
    });
    createdAt = Check.instant("createdAt", createdAt);
    updatedAt = Check.instant("updatedAt", updatedAt);
    statusChangedAt = Check.instant("statusChangedAt", statusChangedAt);
    lastInboundAt = Check.optionalInstant("lastInboundAt", lastInboundAt);
    lastOutboundAt = Check.optionalInstant("lastOutboundAt", lastOutboundAt);
    Check.atLeast("version", version, 0);
  }

  /** Starts a new lead with status NEW, source ORGANIC and no score, created at {@code now}. */
  public static Builder builder(LeadId id, TenantId tenantId, PhoneNumber phone, Instant now) {
    return new Builder(id, tenantId, ContactAddress.of(phone), now);
  }

  /**
   * Starts a new lead known by {@code contact} (phone number, channel user id or both), like
   * {@link #builder(LeadId, TenantId, PhoneNumber, Instant)}.
   */
  public static Builder builder(LeadId id, TenantId tenantId, ContactAddress contact, Instant now) {
    return new Builder(id, tenantId, contact, now);
  }

  /** How to reach this lead: its phone number, its channel user id, or both. */
  public ContactAddress contact() {
    return ContactAddress.of(phone, channelUserId);
  }

  /** A builder holding this lead's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Whether a person has taken over the conversation at {@code now}. */
  public boolean isHumanOverrideActive(Instant now) {
    return humanOverrideUntil.map(until -> until.isAfter(now)).orElse(false);
  }

  /** A copy with a new status; {@code statusChangedAt} moves to {@code at} if it differs. */
  public Lead withStatus(LeadStatus newStatus, Instant at) {
    if (newStatus == status) {
      return this;
    }
    return toBuilder().status(newStatus).statusChangedAt(at).build();
  }

  /**
   * This lead after a message of its conversation: a lead's message moves
   * {@code lastInboundAt} forward, a bot's or seller's moves {@code lastOutboundAt} unless it has
   * {@link io.crmventas.core.conversation.DeliveryStatus#FAILED failed}. Both stores apply exactly
   * this rule when a message is appended.
   */
  public Lead withMessage(io.crmventas.core.conversation.Message m) {
    Instant at = m.sentAt();
    if (m.isFailedAnswer()) {
      return this;
    }
    return switch (m.author()) {
      case LEAD -> toBuilder().lastInboundAt(lastInboundAt.filter(t -> t.isAfter(at)).orElse(at)).build();
      case BOT, SELLER -> toBuilder().lastOutboundAt(lastOutboundAt.filter(t -> t.isAfter(at)).orElse(at)).build();
      case SYSTEM -> this;
    };
  }

  /**
   * This lead with {@code lastOutboundAt} counted again from {@code messages} (all of its
   * messages, in every conversation): when its latest bot or seller message that did not
   * {@link io.crmventas.core.conversation.DeliveryStatus#FAILED fail} was sent. What the store
   * does when one of them turns out to have failed.
   */
  public Lead withOutboundCountedFrom(Collection<io.crmventas.core.conversation.Message> messages) {
    Optional<Instant> latest = messages.stream()
        .filter(m -> (m.author() == io.crmventas.core.conversation.Author.BOT
            || m.author() == io.crmventas.core.conversation.Author.SELLER) && !m.isFailedAnswer())
        .map(io.crmventas.core.conversation.Message::sentAt).max(java.util.Comparator.naturalOrder());
    return latest.equals(lastOutboundAt) ? this : toBuilder().lastOutboundAt(latest.orElse(null)).build();
  }

  public Lead withScore(LeadScore newScore) {
    return toBuilder().score(newScore).build();
  }

  public Lead withTags(Collection<String> newTags) {
    return toBuilder().tags(newTags).build();
  }

  public Lead withQualification(Qualification newQualification) {
    return toBuilder().qualification(newQualification).build();
  }

  /** Builds leads; {@link #build} validates every field. */
  public static final class Builder {
    private LeadId id;
    private TenantId tenantId;
    private Optional<PhoneNumber> phone;
    private Optional<ChannelUserId> channelUserId;
    private Optional<String> username = Optional.empty();
    private Optional<String> name = Optional.empty();
    private Optional<EmailAddress> email = Optional.empty();
    private LeadStatus status = LeadStatus.NEW;
    private LeadSource source = LeadSource.ORGANIC;
    private Optional<MetaAttribution> attribution = Optional.empty();
    private Optional<LeadScore> score = Optional.empty();
    private Qualification qualification = Qualification.NONE;
    private Collection<String> tags = java.util.List.of();
    private Optional<UserId> assignedSellerId = Optional.empty();
    private Optional<Instant> humanOverrideUntil = Optional.empty();
    private Optional<String> language = Optional.empty();
    private Instant createdAt;
    private Instant updatedAt;
    private Instant statusChangedAt;
    private Optional<Instant> lastInboundAt = Optional.empty();
    private Optional<Instant> lastOutboundAt = Optional.empty();
    private long version;

    private Builder(LeadId id, TenantId tenantId, ContactAddress contact, Instant now) {
      this.id = id;
      this.tenantId = tenantId;
      this.phone = contact.phone();
      this.channelUserId = contact.userId();
      this.createdAt = now;
      this.updatedAt = now;
      this.statusChangedAt = now;
    }

    private Builder(Lead l) {
      id = l.id;
      tenantId = l.tenantId;
      phone = l.phone;
      channelUserId = l.channelUserId;
      username = l.username;
      name = l.name;
      email = l.email;
      status = l.status;
      source = l.source;
      attribution = l.attribution;
      score = l.score;
      qualification = l.qualification;
      tags = l.tags;
      assignedSellerId = l.assignedSellerId;
      humanOverrideUntil = l.humanOverrideUntil;
      language = l.language;
      createdAt = l.createdAt;
      updatedAt = l.updatedAt;
      statusChangedAt = l.statusChangedAt;
      lastInboundAt = l.lastInboundAt;
      lastOutboundAt = l.lastOutboundAt;
      version = l.version;
    }

    public Builder phone(PhoneNumber v) { phone = Optional.ofNullable(v); return this; }
    public Builder channelUserId(ChannelUserId v) { channelUserId = Optional.ofNullable(v); return this; }
    public Builder username(String v) { username = Optional.ofNullable(v); return this; }
    public Builder name(String v) { name = Optional.ofNullable(v); return this; }
    public Builder email(EmailAddress v) { email = Optional.ofNullable(v); return this; }
    public Builder status(LeadStatus v) { status = v; return this; }
    public Builder source(LeadSource v) { source = v; return this; }
    public Builder attribution(MetaAttribution v) { attribution = Optional.ofNullable(v); return this; }
    public Builder score(LeadScore v) { score = Optional.ofNullable(v); return this; }
    public Builder qualification(Qualification v) { qualification = v; return this; }
    public Builder tags(Collection<String> v) { tags = v; return this; }
    public Builder assignedSellerId(UserId v) { assignedSellerId = Optional.ofNullable(v); return this; }
    public Builder humanOverrideUntil(Instant v) { humanOverrideUntil = Optional.ofNullable(v); return this; }
    public Builder language(String v) { language = Optional.ofNullable(v); return this; }
    public Builder createdAt(Instant v) { createdAt = v; return this; }
    public Builder updatedAt(Instant v) { updatedAt = v; return this; }
    public Builder statusChangedAt(Instant v) { statusChangedAt = v; return this; }
    public Builder lastInboundAt(Instant v) { lastInboundAt = Optional.ofNullable(v); return this; }
    public Builder lastOutboundAt(Instant v) { lastOutboundAt = Optional.ofNullable(v); return this; }
    public Builder version(long v) { version = v; return this; }

    public Lead build() {
      Objects.requireNonNull(tags, "tags");
      return new Lead(id, tenantId, phone, channelUserId, username, name, email, status, source, attribution, score,
          qualification, Tags.of(tags), assignedSellerId, humanOverrideUntil, language, createdAt,
          updatedAt, statusChangedAt, lastInboundAt, lastOutboundAt, version);
    }
  }
}
