package io.crmventas.core.metrics;

import io.crmventas.core.tenant.UserId;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** One tenant's daily seller metric snapshots. Thread-safe. */
public interface SellerMetricsStore {

  /**
   * Stores the snapshot, replacing any for the same seller and day: writing the same
   * snapshot twice leaves one row.
   *
   * @throws io.crmventas.core.InvalidInputException if the seller is not a member
   */
  SellerMetricsSnapshot upsert(SellerMetricsSnapshot snapshot);

  /** The seller's snapshot for {@code day}, if any. */
  Optional<SellerMetricsSnapshot> find(UserId sellerId, LocalDate day);

  /**
   * Snapshots with {@code from <= period <= to}, of one seller or all, ordered by period then
   * seller id.
   */
  List<SellerMetricsSnapshot> between(Optional<UserId> sellerId, LocalDate from, LocalDate to);

  /** Deletes snapshots of days before {@code day}; returns how many. */
  int deleteBefore(LocalDate day);
}
