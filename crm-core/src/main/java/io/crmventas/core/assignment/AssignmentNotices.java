package io.crmventas.core.assignment;

import io.crmventas.core.assignment.AssignmentOutcome.Assigned;
import io.crmventas.core.assignment.AssignmentOutcome.Queued;
import io.crmventas.core.internal.Keyset;
import io.crmventas.core.internal.Texts;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.lead.ScoreBand;
import io.crmventas.core.notification.NotificationDraft;
import io.crmventas.core.notification.NotificationType;
import io.crmventas.core.notification.Notifier;
import io.crmventas.core.notification.Priority;
import io.crmventas.core.notification.RelatedEntity;
import io.crmventas.core.store.CrmStore;
import io.crmventas.core.tenant.Membership;
import io.crmventas.core.tenant.Role;
import io.crmventas.core.tenant.Tenant;
import io.crmventas.core.tenant.User;
import io.crmventas.core.tenant.UserId;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Tells sellers and CEOs about assignments, in the tenant's language. */
final class AssignmentNotices {
  private static final String TEXTS = "io.crmventas.core.notification.NotificationTexts";

  private final CrmStore store;
  private final Notifier notifier;

  AssignmentNotices(CrmStore store, Notifier notifier) {
    this.store = store;
    this.notifier = notifier;
  }

  void assigned(Tenant tenant, Assigned a) {
    Texts t = Texts.of(TEXTS, tenant.locale());
    Assignment as = a.assignment();
    Lead lead = a.lead();
    UserId seller = a.sellerId();
    Map<String, String> data = Map.of("leadId", lead.id().toString(), "assignmentId", as.id().toString(),
        "kind", as.kind().name());
    Optional<RelatedEntity> related = Optional.of(new RelatedEntity("lead", lead.id().toString()));
    if (as.kind() != AssignmentKind.SELF) {
      boolean hot = lead.score().map(s -> s.band() == ScoreBand.HOT).orElse(false);
      notifier.send(tenant.id(), new NotificationDraft(seller, NotificationType.ASSIGNMENT,
          hot ? Priority.HIGH : Priority.MEDIUM, t.get("assignment.title"),
          t.get("assignment.message", displayName(lead), lead.contact().label(), as.explanation().summary()), data,
          related, "assignment:" + as.id()));
    }
    if (as.previousSellerId().isPresent() && !as.previousSellerId().get().equals(seller)) {
      UserId previous = as.previousSellerId().get();
      notifier.send(tenant.id(), new NotificationDraft(previous, NotificationType.ASSIGNMENT, Priority.MEDIUM,
          t.get("assignment.moved.title"), t.get("assignment.moved.message", displayName(lead), lead.contact().label(),
              name(seller), as.reason().orElse(as.explanation().summary())), data, related,
          "assignment.moved:" + as.id()));
    }
    if (as.kind() == AssignmentKind.REASSIGNMENT) {
      for (Membership ceo : ceos(tenant)) {
        if (!as.assignedBy().equals(Optional.of(ceo.userId()))) {
          notifier.send(tenant.id(), new NotificationDraft(ceo.userId(), NotificationType.ASSIGNMENT, Priority.MEDIUM,
              t.get("assignment.reassigned.title"), t.get("assignment.reassigned.message", displayName(lead),
                  lead.contact().label(), name(as.previousSellerId().orElseThrow()), name(seller),
                  as.reason().orElse("")), data, related, "assignment.reassigned:" + as.id()));
        }
      }
    }
  }

  void queued(Tenant tenant, Queued q) {
    Texts t = Texts.of(TEXTS, tenant.locale());
    Lead lead = lead(tenant, q.leadId());
    for (Membership ceo : ceos(tenant)) {
      notifier.send(tenant.id(), new NotificationDraft(ceo.userId(), NotificationType.ASSIGNMENT_QUEUED, Priority.HIGH,
          t.get("assignment_queued.title"), t.get("assignment_queued.message", displayName(lead), lead.contact().label(),
              q.explanation().summary()),
          Map.of("leadId", lead.id().toString()), Optional.of(new RelatedEntity("lead", lead.id().toString())),
          "assignment_queued:" + lead.id() + ":" + Keyset.micros(q.entry().queuedAt())));
    }
  }

  /** Tells the CEOs; true if any of them had not been told of this stale assignment before. */
  boolean escalated(Tenant tenant, StaleAssignment s) {
    Texts t = Texts.of(TEXTS, tenant.locale());
    Lead lead = lead(tenant, s.leadId());
    boolean told = false;
    for (Membership ceo : ceos(tenant)) {
      told |= notifier.send(tenant.id(), new NotificationDraft(ceo.userId(), NotificationType.ESCALATION, Priority.HIGH,
          t.get("escalation.title"), t.get("escalation.message", name(s.sellerId()), displayName(lead),
              lead.contact().label(), Duration.ofMillis(s.limit().toMillis()).toMinutes()),
          Map.of("leadId", lead.id().toString(), "sellerId", s.sellerId().toString(),
              "assignmentId", s.assignmentId().toString()),
          Optional.of(new RelatedEntity("lead", lead.id().toString())), "escalation:" + s.assignmentId())).isPresent();
    }
    return told;
  }

  private Iterable<Membership> ceos(Tenant tenant) {
    return store.tenant(tenant.id()).members().withRole(Role.CEO).stream().filter(Membership::active).toList();
  }

  private Lead lead(Tenant tenant, LeadId id) {
    return store.tenant(tenant.id()).leads().find(id).orElseThrow();
  }

  private static String displayName(Lead lead) {
    return lead.name().orElse(lead.contact().label());
  }

  private String name(UserId user) {
    return store.users().find(user).map(User::name).orElse(user.toString());
  }
}
