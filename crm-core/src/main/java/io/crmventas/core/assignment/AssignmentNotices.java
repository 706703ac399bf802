package io.crmventas.core.assignment;

import io.crmventas.core.assignment.AssignmentOutcome.Assigned;
import io.crmventas.core.assignment.AssignmentOutcome.Queued;
import io.crmventas.core.internal.Keyset;
import io.crmventas.core.internal.Texts;
import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.lead.ScoreBand;
import io.crmventas.core.notification.Notification;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tells sellers and CEOs about assignments, in the tenant's language. The notices of an
 * assignment or a queued lead are written in the unit of work that assigned or queued it
 * ({@link #write}), so they are never lost once it commits; only their live announcement comes
 * after the commit.
 */
final class AssignmentNotices {
  private static final String TEXTS = "io.crmventas.core.notification.NotificationTexts";

  private final CrmStore store;
  private final Notifier notifier;

  AssignmentNotices(CrmStore store, Notifier notifier) {
    this.store = store;
    this.notifier = notifier;
  }

  /**
   * Writes, through {@code unit}, the notices of what a unit of work did ({@code outcome}; a queued
   * lead only when {@code newlyQueued}), to be {@linkplain Notifier#announce announced} after it
   * commits.
   */
  List<Notification> write(CrmStore unit, Tenant tenant, AssignmentOutcome outcome, boolean newlyQueued) {
    List<NotificationDraft> drafts = new ArrayList<>();
    if (outcome instanceof Assigned a) {
      assigned(unit, tenant, a, drafts);
    } else if (outcome instanceof Queued q && newlyQueued) {
      queued(unit, tenant, q, drafts);
    }
    return notifier.storeIn(unit, tenant.id(), drafts);
  }

  /** Announces notices {@link #write} stored, once their unit of work has committed. */
  void announce(List<Notification> written) {
    notifier.announce(written);
  }

  private void assigned(CrmStore unit, Tenant tenant, Assigned a, List<NotificationDraft> out) {
    Texts t = Texts.of(TEXTS, tenant.locale());
    Assignment as = a.assignment();
    Lead lead = a.lead();
    UserId seller = a.sellerId();
    Map<String, String> data = Map.of("leadId", lead.id().toString(), "assignmentId", as.id().toString(),
        "kind", as.kind().name());
    Optional<RelatedEntity> related = Optional.of(new RelatedEntity("lead", lead.id().toString()));
    if (as.kind() != AssignmentKind.SELF) {
      boolean hot = lead.score().map(s -> s.band() == ScoreBand.HOT).orElse(false);
      out.add(new NotificationDraft(seller, NotificationType.ASSIGNMENT,
          hot ? Priority.HIGH : Priority.MEDIUM, t.get("assignment.title"),
          t.get("assignment.message", displayName(lead), lead.contact().label(), as.explanation().summary()), data,
          related, "assignment:" + as.id()));
    }
    if (as.previousSellerId().isPresent() && !as.previousSellerId().get().equals(seller)) {
      UserId previous = as.previousSellerId().get();
      out.add(new NotificationDraft(previous, NotificationType.ASSIGNMENT, Priority.MEDIUM,
          t.get("assignment.moved.title"), t.get("assignment.moved.message", displayName(lead), lead.contact().label(),
              name(unit, seller), as.reason().orElse(as.explanation().summary())), data, related,
          "assignment.moved:" + as.id()));
    }
    if (as.kind() == AssignmentKind.REASSIGNMENT) {
      for (Membership ceo : ceos(unit, tenant)) {
        if (!as.assignedBy().equals(Optional.of(ceo.userId()))) {
          out.add(new NotificationDraft(ceo.userId(), NotificationType.ASSIGNMENT, Priority.MEDIUM,
              t.get("assignment.reassigned.title"), t.get("assignment.reassigned.message", displayName(lead),
                  lead.contact().label(), name(unit, as.previousSellerId().orElseThrow()), name(unit, seller),
                  as.reason().orElse("")), data, related, "assignment.reassigned:" + as.id()));
        }
      }
    }
  }

  private void queued(CrmStore unit, Tenant tenant, Queued q, List<NotificationDraft> out) {
    Texts t = Texts.of(TEXTS, tenant.locale());
    Lead lead = lead(unit, tenant, q.leadId());
    for (Membership ceo : ceos(unit, tenant)) {
      out.add(new NotificationDraft(ceo.userId(), NotificationType.ASSIGNMENT_QUEUED, Priority.HIGH,
          t.get("assignment_queued.title"), t.get("assignment_queued.message", displayName(lead), lead.contact().label(),
              q.explanation().summary()),
          Map.of("leadId", lead.id().toString()), Optional.of(new RelatedEntity("lead", lead.id().toString())),
          "assignment_queued:" + lead.id() + ":" + Keyset.micros(q.entry().queuedAt())));
    }
  }

  /** Tells the CEOs; true if any of them had not been told of this stale assignment before. */
  boolean escalated(Tenant tenant, StaleAssignment s) {
    Texts t = Texts.of(TEXTS, tenant.locale());
    Lead lead = lead(store, tenant, s.leadId());
    boolean told = false;
    for (Membership ceo : ceos(store, tenant)) {
      told |= notifier.send(tenant.id(), new NotificationDraft(ceo.userId(), NotificationType.ESCALATION, Priority.HIGH,
          t.get("escalation.title"), t.get("escalation.message", name(store, s.sellerId()), displayName(lead),
              lead.contact().label(), Duration.ofMillis(s.limit().toMillis()).toMinutes()),
          Map.of("leadId", lead.id().toString(), "sellerId", s.sellerId().toString(),
              "assignmentId", s.assignmentId().toString()),
          Optional.of(new RelatedEntity("lead", lead.id().toString())), "escalation:" + s.assignmentId())).isPresent();
    }
    return told;
  }

  private static Iterable<Membership> ceos(CrmStore s, Tenant tenant) {
    return s.tenant(tenant.id()).members().withRole(Role.CEO).stream().filter(Membership::active).toList();
  }

  private static Lead lead(CrmStore s, Tenant tenant, LeadId id) {
    return s.tenant(tenant.id()).leads().find(id).orElseThrow();
  }

  private static String displayName(Lead lead) {
    return lead.name().orElse(lead.contact().label());
  }

  private static String name(CrmStore s, UserId user) {
    return s.users().find(user).map(User::name).orElse(user.toString());
  }
}
