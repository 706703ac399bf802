package io.crmventas.core.scoring;

import io.crmventas.core.lead.LeadId;
import java.util.List;

/** One tenant's score history: append-only. Thread-safe. */
public interface ScoreHistory {

  /**
   * Appends an entry.
   *
   * @throws io.crmventas.core.InvalidInputException if the lead is not this tenant's
   */
  ScoreChange record(ScoreChange change);

  /** A lead's history, oldest first. */
  List<ScoreChange> forLead(LeadId leadId);
}
