package io.crmventas.core.store.memory;

import io.crmventas.core.ConflictException;
import io.crmventas.core.NotFoundException;
import io.crmventas.core.contact.PhoneNumber;
import io.crmventas.core.internal.Keyset.Order;
import io.crmventas.core.internal.Keyset.TimeId;
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
    if (d.leadsByPhone.containsKey(lead.phone())) {
      throw new ConflictException("lead.phone.unique", "a lead with phone " + lead.phone() + " already exists");
    }
    requireMember(d, "assignedSellerId", lead.assignedSellerId());
    Lead stored = lead.toBuilder().version(1).build();
    db.put(d.leads, stored.id(), stored);
    db.put(d.leadsByPhone, stored.phone(), stored.id());
    return stored;
  }

  @Override
  public InsertResult<Lead> upsertByPhone(Lead candidate) {
    Objects.requireNonNull(candidate, "candidate");
    requireSameTenant(candidate.tenantId());
    return write(d -> {
      LeadId existingId = d.leadsByPhone.get(candidate.phone());
      if (existingId == null) {
        return new InsertResult.Inserted<>(insert(d, candidate));
      }
      Lead existing = d.leads.get(existingId);
      if (existing.name().isEmpty() && candidate.name().isPresent()) {
        Lead named = existing.toBuilder().name(candidate.name().get())
            .version(existing.version() + 1).updatedAt(db.clock.instant()).build();
        db.put(d.leads, named.id(), named);
        return new InsertResult.Duplicate<>(named);
      }
      return new InsertResult.Duplicate<>(existing);
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
      if (!current.phone().equals(lead.phone())) {
        if (d.leadsByPhone.containsKey(lead.phone())) {
          throw new ConflictException("lead.phone.unique", "a lead with phone " + lead.phone() + " already exists");
        }
        db.remove(d.leadsByPhone, current.phone());
        db.put(d.leadsByPhone, lead.phone(), lead.id());
      }
      requireMember(d, "assignedSellerId", lead.assignedSellerId());
      Lead stored = lead.toBuilder().createdAt(current.createdAt())
          .version(current.version() + 1).updatedAt(db.clock.instant()).build();
      db.put(d.leads, stored.id(), stored);
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
