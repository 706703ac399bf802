package io.crmventas.core.lead;

import io.crmventas.core.internal.Check;
import io.crmventas.core.tenant.UserId;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Filters for listing leads. Every filter set must hold (AND); an empty set means any.
 * Build with {@link #builder()}; {@link #ALL} matches every lead.
 */
public final class LeadQuery {
  /** Matches every lead. */
  public static final LeadQuery ALL = builder().build();

  private final Set<LeadStatus> statuses;
  private final Set<LeadSource> sources;
  private final Set<ScoreBand> bands;
  private final Optional<UserId> assignedTo;
  private final boolean unassignedOnly;
  private final Optional<String> tag;
  private final Optional<Instant> createdFrom;
  private final Optional<Instant> createdBefore;
  private final Optional<String> search;

  private LeadQuery(Builder b) {
    statuses = b.statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(b.statuses));
    sources = Set.copyOf(b.sources);
    bands = b.bands.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(b.bands));
    assignedTo = b.assignedTo;
    unassignedOnly = b.unassignedOnly;
    tag = b.tag;
    createdFrom = b.createdFrom;
    createdBefore = b.createdBefore;
    search = b.search;
    if (unassignedOnly && assignedTo.isPresent()) {
      throw new io.crmventas.core.InvalidInputException("assignedTo", assignedTo.get(), "cannot be combined with unassignedOnly");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Set<LeadStatus> statuses() { return statuses; }
  public Set<LeadSource> sources() { return sources; }
  public Set<ScoreBand> bands() { return bands; }
  public Optional<UserId> assignedTo() { return assignedTo; }
  public boolean unassignedOnly() { return unassignedOnly; }
  public Optional<String> tag() { return tag; }
  public Optional<Instant> createdFrom() { return createdFrom; }
  public Optional<Instant> createdBefore() { return createdBefore; }
  /** Case-insensitive text contained in the name, the phone or the channel user id. */
  public Optional<String> search() { return search; }

  /** Whether {@code lead} passes every filter; the in-memory store and tests use it. */
  public boolean matches(Lead lead) {
    if (!statuses.isEmpty() && !statuses.contains(lead.status())) {
      return false;
    }
    if (!sources.isEmpty() && !sources.contains(lead.source())) {
      return false;
    }
    if (!bands.isEmpty() && (lead.score().isEmpty() || !bands.contains(lead.score().get().band()))) {
      return false;
    }
    if (assignedTo.isPresent() && !assignedTo.equals(lead.assignedSellerId())) {
      return false;
    }
    if (unassignedOnly && lead.assignedSellerId().isPresent()) {
      return false;
    }
    if (tag.isPresent() && !lead.tags().contains(tag.get())) {
      return false;
    }
    if (createdFrom.isPresent() && lead.createdAt().isBefore(createdFrom.get())) {
      return false;
    }
    if (createdBefore.isPresent() && !lead.createdAt().isBefore(createdBefore.get())) {
      return false;
    }
    if (search.isPresent()) {
      String s = search.get().toLowerCase(java.util.Locale.ROOT);
      boolean inName = lead.name().map(n -> n.toLowerCase(java.util.Locale.ROOT).contains(s)).orElse(false);
      return inName || lead.phone().map(p -> p.value().contains(s)).orElse(false)
          || lead.channelUserId().map(u -> u.value().toLowerCase(java.util.Locale.ROOT).contains(s)).orElse(false)
          || lead.username().map(u -> u.toLowerCase(java.util.Locale.ROOT).contains(s)).orElse(false);
    }
    return true;
  }

  /** Builds queries. */
  public static final class Builder {
    private final Set<LeadStatus> statuses = new HashSet<>();
    private final Set<LeadSource> sources = new HashSet<>();
    private final Set<ScoreBand> bands = new HashSet<>();
    private Optional<UserId> assignedTo = Optional.empty();
    private boolean unassignedOnly;
    private Optional<String> tag = Optional.empty();
    private Optional<Instant> createdFrom = Optional.empty();
    private Optional<Instant> createdBefore = Optional.empty();
    private Optional<String> search = Optional.empty();

    public Builder status(LeadStatus... values) { statuses.addAll(Set.of(values)); return this; }
    public Builder source(LeadSource... values) { sources.addAll(Set.of(values)); return this; }
    public Builder band(ScoreBand... values) { bands.addAll(Set.of(values)); return this; }
    public Builder assignedTo(UserId seller) { assignedTo = Optional.of(seller); return this; }
    public Builder unassignedOnly() { unassignedOnly = true; return this; }
    public Builder tag(String value) { tag = Optional.of(Tags.normalise(value)); return this; }
    public Builder createdFrom(Instant value) { createdFrom = Optional.of(Check.instant("createdFrom", value)); return this; }
    public Builder createdBefore(Instant value) { createdBefore = Optional.of(Check.instant("createdBefore", value)); return this; }
    public Builder search(String text) { search = Optional.of(Check.text("search", text, 100)); return this; }

    public LeadQuery build() {
      return new LeadQuery(this);
    }
  }
}
