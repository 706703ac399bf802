package io.crmventas.core.store.jdbc;

import io.crmventas.core.CrmException;
import io.crmventas.core.RetriableException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The JDBC plumbing of the PostgreSQL store: borrows a connection per statement from the
 * data source, or uses the one connection of a unit of work; binds parameters; maps rows; and
 * turns {@link SQLException}s into CRM exceptions via {@link SqlErrors}.
 */
final class Db {
  private static final int DEADLOCK_RETRIES = 3;

  private final DataSource dataSource;
  private final Connection tx;
  private final java.util.Map<String, java.sql.Savepoint> savepoints = new java.util.HashMap<>();
  final Clock clock;

  Db(DataSource dataSource, Clock clock) {
    this(dataSource, null, clock);
  }

  private Db(DataSource dataSource, Connection tx, Clock clock) {
    this.dataSource = dataSource;
    this.tx = tx;
    this.clock = clock;
  }

  /** Now, from the store's clock, at the microsecond precision PostgreSQL keeps. */
  Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }

  boolean inTransaction() {
    return tx != null;
  }

  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  @FunctionalInterface
  interface RowMapper<T> {
    T map(Row row) throws SQLException;
  }

  /** A text value bound as {@code jsonb}; the SQL must cast the parameter: {@code CAST(? AS jsonb)}. */
  record Json(String text) {}

  /** A collection bound as a PostgreSQL array of {@code type}. */
  record SqlArray(String type, Collection<?> values) {}

  /**
   * Runs {@code work} on a connection. Outside a unit of work, a statement that lost a
   * deadlock or a serialization race is retried a few times (it was rolled back whole).
   */
  <T> T run(String what, SqlWork<T> work) {
    if (tx != null) {
      try {
        return work.run(tx);
      } catch (SQLException e) {
        throw SqlErrors.translate(e, what);
      }
    }
    for (int attempt = 1; ; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        if (!c.getAutoCommit()) {
          // A pool set to autoCommit=false would roll back every single-statement write when the
          // connection goes back: a statement outside a unit of work always commits on its own.
          c.setAutoCommit(true);
        }
        return work.run(c);
      } catch (SQLException e) {
        CrmException mapped = SqlErrors.translate(e, what);
        if (!(mapped instanceof RetriableException) || !SqlErrors.isRace(e) || attempt >= DEADLOCK_RETRIES) {
          throw mapped;
        }
      }
    }
  }

  /**
   * Inside a unit of work, marks a savepoint under {@code key} (replacing an older one with the
   * same key); outside, does nothing. Units of work are used by one thread at a time.
   */
  void savepoint(String key) {
    if (tx == null) {
      return;
    }
    try {
      java.sql.Savepoint old = savepoints.remove(key);
      if (old != null) {
        tx.releaseSavepoint(old);
      }
      savepoints.put(key, tx.setSavepoint());
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "savepoint");
    }
  }

  /** Drops the savepoint under {@code key}, keeping what was done since, if there is one. */
  void releaseSavepoint(String key) {
    java.sql.Savepoint sp = savepoints.remove(key);
    if (tx == null || sp == null) {
      return;
    }
    try {
      tx.releaseSavepoint(sp);
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "release savepoint");
    }
  }

  /** Rolls back to, and drops, the savepoint under {@code key}, if there is one. */
  void rollbackTo(String key) {
    java.sql.Savepoint sp = savepoints.remove(key);
    if (tx == null || sp == null) {
      return;
    }
    try {
      tx.rollback(sp);
      tx.releaseSavepoint(sp);
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "rollback to savepoint");
    }
  }

  /** Runs {@code work} in one transaction on one connection; joins an enclosing one. */
  <T> T transaction(java.util.function.Function<Db, T> work) {
    if (tx != null) {
      return work.apply(this);
    }
    Connection c;
    try {
      c = dataSource.getConnection();
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "begin transaction");
    }
    try (c) {
      c.setAutoCommit(false);
      T result;
      try {
        result = work.apply(new Db(dataSource, c, clock));
      } catch (RuntimeException | Error e) {
        rollbackQuietly(c, e);
        throw e;
      }
      c.commit();
      return result;
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "commit transaction");
    }
  }

  /**
   * {@link #transaction} run again from the start, up to the statement retries, when it loses a
   * race (a deadlock or a serialization failure rolls it back whole). For work with no effect
   * outside the database. Inside a unit of work it joins it and is not retried: the unit's
   * owner decides.
   */
  <T> T transactionRetryingRaces(java.util.function.Function<Db, T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return transaction(work);
      } catch (RetriableException e) {
        boolean race = e.getCause() instanceof SQLException sql && SqlErrors.isRace(sql);
        if (tx != null || !race || attempt >= DEADLOCK_RETRIES) {
          throw e;
        }
      }
    }
  }

  private static void rollbackQuietly(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
    return run(sql, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(c, ps, params);
        try (ResultSet rs = ps.executeQuery()) {
          List<T> out = new ArrayList<>();
          Row row = new Row(rs);
          while (rs.next()) {
            out.add(mapper.map(row));
          }
          return out;
        }
      }
    });
  }

  <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
    List<T> rows = query(sql, mapper, params);
    if (rows.size() > 1) {
      throw new CrmException("expected at most one row, got " + rows.size() + " from: " + sql);
    }
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  long queryLong(String sql, Object... params) {
    return queryOne(sql, r -> r.rs().getLong(1), params).orElse(0L);
  }

  int update(String sql, Object... params) {
    return run(sql, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(c, ps, params);
        return ps.executeUpdate();
      }
    });
  }

  static void bind(Connection c, PreparedStatement ps, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      bindOne(c, ps, i + 1, params[i]);
    }
  }

  private static void bindOne(Connection c, PreparedStatement ps, int i, Object p) throws SQLException {
    if (p instanceof Optional<?> o) {
      p = o.orElse(null);
    }
    if (p == null) {
      ps.setNull(i, Types.NULL);
    } else if (p instanceof String s) {
      ps.setString(i, s);
    } else if (p instanceof UUID u) {
      ps.setObject(i, u);
    } else if (p instanceof Instant t) {
      ps.setObject(i, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
    } else if (p instanceof LocalDate d) {
      ps.setObject(i, d);
    } else if (p instanceof Integer || p instanceof Long || p instanceof Boolean || p instanceof Double
        || p instanceof Short) {
      ps.setObject(i, p);
    } else if (p instanceof Enum<?> e) {
      ps.setString(i, e.name());
    } else if (p instanceof Json j) {
      ps.setString(i, j.text());
    } else if (p instanceof SqlArray a) {
      Array array = c.createArrayOf(a.type(), a.values().toArray());
      ps.setArray(i, array);
    } else {
      throw new IllegalArgumentException("cannot bind " + p.getClass().getName() + " as parameter " + i);
    }
  }

  /** Reads typed columns of the current row. */
  record Row(ResultSet rs) {
    String str(String col) throws SQLException {
      return rs.getString(col);
    }

    Optional<String> optStr(String col) throws SQLException {
      return Optional.ofNullable(rs.getString(col));
    }

    UUID uuid(String col) throws SQLException {
      return rs.getObject(col, UUID.class);
    }

    Optional<UUID> optUuid(String col) throws SQLException {
      return Optional.ofNullable(rs.getObject(col, UUID.class));
    }

    Instant instant(String col) throws SQLException {
      return rs.getObject(col, OffsetDateTime.class).toInstant();
    }

    Optional<Instant> optInstant(String col) throws SQLException {
      OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
      return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }

    LocalDate date(String col) throws SQLException {
      return rs.getObject(col, LocalDate.class);
    }

    int integer(String col) throws SQLException {
      return rs.getInt(col);
    }

    Optional<Integer> optInteger(String col) throws SQLException {
      int v = rs.getInt(col);
      return rs.wasNull() ? Optional.empty() : Optional.of(v);
    }

    long longValue(String col) throws SQLException {
      return rs.getLong(col);
    }

    Optional<Long> optLong(String col) throws SQLException {
      long v = rs.getLong(col);
      return rs.wasNull() ? Optional.empty() : Optional.of(v);
    }

    boolean bool(String col) throws SQLException {
      return rs.getBoolean(col);
    }

    List<String> texts(String col) throws SQLException {
      Array a = rs.getArray(col);
      if (a == null) {
        return List.of();
      }
      Object[] values = (Object[]) a.getArray();
      List<String> out = new ArrayList<>(values.length);
      for (Object v : values) {
        out.add((String) v);
      }
      return out;
    }

    <E extends Enum<E>> E enumValue(Class<E> type, String col) throws SQLException {
      return Enum.valueOf(type, rs.getString(col));
    }
  }
}
