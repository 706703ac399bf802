package io.crmventas.core.assignment;

import io.crmventas.core.lead.Lead;
import io.crmventas.core.lead.LeadId;
import io.crmventas.core.tenant.UserId;

/** What an assignment request ended in. */
public sealed interface AssignmentOutcome {

  /** The lead it was about. */
  LeadId leadId();

  /** The lead has a (new) seller; {@code assignment} is the history entry, with its explanation. */
  record Assigned(Assignment assignment, Lead lead) implements AssignmentOutcome {
    @Override
    public LeadId leadId() {
      return lead.id();
    }

    public UserId sellerId() {
      return assignment.sellerId().orElseThrow();
    }
  }

  /** Nobody could take the lead now: it waits in the queue. */
  record Queued(QueuedLead entry, AssignmentExplanation explanation) implements AssignmentOutcome {
    @Override
    public LeadId leadId() {
      return entry.leadId();
    }
  }

  /** The lead already had a seller; nothing changed. */
  record AlreadyAssigned(Lead lead) implements AssignmentOutcome {
    @Override
    public LeadId leadId() {
      return lead.id();
    }
  }

  /**
   * The lead is closed (won, lost or discarded): nobody is given it, and it left the assignment
   * queue if it was waiting there.
   */
  record Closed(Lead lead) implements AssignmentOutcome {
    @Override
    public LeadId leadId() {
      return lead.id();
    }
  }

  /** The seller did not answer in time and the CEO was told (the lead keeps its seller). */
  record Escalated(StaleAssignment stale) implements AssignmentOutcome {
    @Override
    public LeadId leadId() {
      return stale.leadId();
    }
  }
}
