package io.crmventas.core.store.memory;

import io.crmventas.core.ConflictException;
import io.crmventas.core.NotFoundException;
import io.crmventas.core.contact.ChannelUserId;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.internal.Keyset.Order;
import io.crmventas.core.internal.Keyset.TimeId;
import io.crmventas.core.internal.LeadUpsert;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.lead.LeadQuery;
import io.crmventas.core.lead.LeadStore;
import io.crmventas.core.store.InsertResult;
import io.crmventas.core.store.Page;
import io.crmventas.core.store.PageRequest;
import io.crmventas.core.tenant.TenantId;
import java.util.Objects;
import java.util.Optional;

final class MemLeads extends MemScoped implements LeadStore {
  MemLeads(MemoryDb db, TenantId tenant) {
    super(db, tenant);
  }

  static final Order<Lead, TimeId> ORDER = Order.timeIdDesc(l -> new TimeId(l.createdAt(), l.id().value()));

  @Override
  public Lead create(Lead lead) {
    Objects.requireNonNull(lead, "lead");
    requireSameTenant(lead.tenantId());
    return write(d -> insert(d, lead));
  }

  private Lead insert(TenantData d, Lead lead) {
    if (d.leads.containsKey(lead.id())) {
      throw new ConflictException("lead.id.unique", "lead " + lead.id() + " already exists");
    }
    requireFree(d, lead.id(), lead.phone(), lead.channelUserId());
    requireMember(d, "assignedSellerId", lead.assignedSellerId());
    Lead stored = lead.toBuilder().version(1).build();
    db.put(d.leads, stored.id(), stored);
    reindex(d, Optional.empty(), stored);
    return stored;
  }

  /** Refuses a phone or user id that a lead other than {@code id} has. */
  private static void requireFree(TenantData d, LeadId id, Optional<PhoneNumber> phone,
      Optional<ChannelUserId> userId) {
    if (phone.map(d.leadsByPhone::get).filter(other -> !other.equals(id)).isPresent()) {
      throw new ConflictException("lead.phone.unique", "duplicate: lead.phone.unique (another lead has that phone number)");
    }
    if (userId.map(d.leadsByUserId::get).filter(other -> !other.equals(id)).isPresent()) {
      throw new ConflictException("lead.channelUserId.unique",
          "duplicate: lead.channelUserId.unique (another lead has that channel user id)");
    }
  }

  /** Moves the phone and user id indexes from {@code before} (if stored) to {@code after}. */
  private void reindex(TenantData d, Optional<Lead> before, Lead after) {
    before.flatMap(Lead::phone).ifPresent(p -> db.remove(d.leadsByPhone, p));
    before.flatMap(Lead::channelUserId).ifPresent(u -> db.remove(d.leadsByUserId, u));
    after.phone().ifPresent(p -> db.put(d.leadsByPhone, p, after.id()));
    after.channelUserId().ifPresent(u -> db.put(d.leadsByUserId, u, after.id()));
  }

  @Override
  public InsertResult<Lead> upsertByContact(Lead candidate) {
    Objects.requireNonNull(candidate, "candidate");
    requireSameTenant(candidate.tenantId());
    return write(d -> {
      LeadUpsert.Outcome outcome = LeadUpsert.resolve(candidate,
          candidate.phone().map(d.leadsByPhone::get).map(d.leads::get),
          candidate.channelUserId().map(d.leadsByUserId::get).map(d.leads::get));
      if (outcome instanceof LeadUpsert.Create create) {
        return new InsertResult.Inserted<>(insert(d, create.lead()));
      }
      LeadUpsert.Fill fill = (LeadUpsert.Fill) outcome;
      Lead existing = fill.lead();
      if (fill.isEmpty()) {
        return new InsertResult.Duplicate<>(existing);
      }
      Lead filled = fill.filled().toBuilder().version(existing.version() + 1).updatedAt(db.clock.instant()).build();
      db.put(d.leads, filled.id(), filled);
      reindex(d, Optional.of(existing), filled);
      return new InsertResult.Duplicate<>(filled);
    });
  }

  @Override
  public Optional<Lead> find(LeadId id) {
    Objects.requireNonNull(id, "id");
    return readOptional(d -> Optional.ofNullable(d.leads.get(id)));
  }

  @Override
  public Optional<Lead> lock(LeadId id) {
    // Units of work are serial in memory: a read is as good as a lock.
    return find(id);
  }

  @Override
  public Optional<Lead> findByPhone(PhoneNumber phone) {
    Objects.requireNonNull(phone, "phone");
    return readOptional(d -> Optional.ofNullable(d.leadsByPhone.get(phone)).map(d.leads::get));
  }

  @Override
  public Optional<Lead> findByChannelUserId(ChannelUserId userId) {
    Objects.requireNonNull(userId, "userId");
    return readOptional(d -> Optional.ofNullable(d.leadsByUserId.get(userId)).map(d.leads::get));
  }

  @Override
  public Lead update(Lead lead) {
    Objects.requireNonNull(lead, "lead");
    requireSameTenant(lead.tenantId());
    return write(d -> {
      Lead current = d.leads.get(lead.id());
      if (current == null) {
        throw new NotFoundException("lead", lead.id());
      }
      if (current.version() != lead.version()) {
        throw new ConflictException("lead.version",
            "lead " + lead.id() + " was changed by someone else (version " + lead.version() + ", stored " + current.version() + ")");
      }
      requireFree(d, lead.id(), lead.phone(), lead.channelUserId());
      requireMember(d, "assignedSellerId", lead.assignedSellerId());
      Lead stored = lead.toBuilder().createdAt(current.createdAt())
          .version(current.version() + 1).updatedAt(db.clock.instant()).build();
      db.put(d.leads, stored.id(), stored);
      reindex(d, Optional.of(current), stored);
      return stored;
    });
  }

  @Override
  public Lead assignSeller(Lead lead, Optional<io.crmventas.core.tenant.UserId> sellerId) {
    Objects.requireNonNull(lead, "lead");
    Objects.requireNonNull(sellerId, "sellerId");
    requireSameTenant(lead.tenantId());
    return write(d -> {
      Lead current = d.leads.get(lead.id());
      if (current == null) {
        throw new NotFoundException("lead", lead.id());
      }
      return update(current.version() == lead.version()
          ? current.toBuilder().assignedSellerId(sellerId.orElse(null)).build()
          : lead.toBuilder().assignedSellerId(sellerId.orElse(null)).build());
    });
  }

  @Override
  public Page<Lead> list(LeadQuery query, PageRequest page) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(page, "page");
    return page(ORDER, d -> d.leads.values(), query::matches, page);
  }

  @Override
  public long count(LeadQuery query) {
    Objects.requireNonNull(query, "query");
    return read(d -> d.leads.values().stream().filter(query::matches).count(), () -> 0L);
  }
}
