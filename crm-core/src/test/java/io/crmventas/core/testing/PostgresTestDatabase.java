package io.crmventas.core.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh PostgreSQL schema for one test class, migrated with Flyway from
 * {@code classpath:db/migration}, dropped afterwards. Register it as a static
 * {@code @RegisterExtension} field. {@link #open} gives the same outside JUnit (benchmarks).
 *
 * <p>The server comes from the system property or environment variable
 * {@code crm.test.postgres.url} / {@code CRM_TEST_POSTGRES_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=postgres}). When it
 * cannot be reached the test class fails with a message saying how to start it: integration
 * tests never skip.
 */
public final class PostgresTestDatabase implements BeforeAllCallback, AfterAllCallback {
  public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=postgres";

  private final int poolSize;
  private Schema schema;

  public PostgresTestDatabase() {
    this(10);
  }

  public PostgresTestDatabase(int poolSize) {
    this.poolSize = poolSize;
  }

  /** The server URL the integration tests use. */
  public static String url() {
    String url = System.getProperty("crm.test.postgres.url");
    if (url == null || url.isBlank()) {
      url = System.getenv("CRM_TEST_POSTGRES_URL");
    }
    return url == null || url.isBlank() ? DEFAULT_URL : url;
  }

  /** Fails with instructions when the server does not answer. */
  public static void requireReachable() {
    try (Connection c = DriverManager.getConnection(url())) {
      c.isValid(2);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL is not reachable at " + url() + " (" + e.getMessage() + ").\n"
          + "Integration tests need a real PostgreSQL 13+. Start it with:\n"
          + "  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n"
          + "or install and prepare it with scripts/test-all.sh (the README's test command),\n"
          + "or point -Dcrm.test.postgres.url / CRM_TEST_POSTGRES_URL at another server.", e);
    }
  }

  /** A new schema named after {@code prefix}, migrated, with a pool of {@code poolSize}. */
  public static Schema open(String prefix, int poolSize) {
    requireReachable();
    String p = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    String name = "it_" + p.substring(0, Math.min(40, p.length())) + "_"
        + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    execute("CREATE SCHEMA " + name);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url());
    config.setSchema(name);
    config.setMaximumPoolSize(poolSize);
    config.setPoolName("it-" + name);
    // Names this schema's sessions in pg_stat_activity (awaitStatementWaitingForLock).
    config.addDataSourceProperty("ApplicationName", name);
    HikariDataSource ds = new HikariDataSource(config);
    Flyway.configure().dataSource(ds).schemas(name).defaultSchema(name)
        .locations("classpath:db/migration").load().migrate();
    return new Schema(name, ds);
  }

  private static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("could not run '" + sql + "': " + e.getMessage(), e);
    }
  }

  /** A migrated schema and a pool on it; closing drops the schema. */
  public record Schema(String name, HikariDataSource dataSource) implements AutoCloseable {
    @Override
    public void close() {
      dataSource.close();
      execute("DROP SCHEMA " + name + " CASCADE");
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    schema = open(context.getRequiredTestClass().getSimpleName(), poolSize);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (schema != null) {
      schema.close();
    }
  }

  public DataSource dataSource() {
    return schema.dataSource();
  }

  /**
   * Waits (up to 10 s) until a statement of this schema's pool like one of the patterns (SQL
   * {@code LIKE}, with pgjdbc's {@code $1} placeholders) waits for a lock: how a test knows that
   * the unit it started has reached the lock another unit holds. Sessions are told apart by their
   * application name, the schema's, so another test run on the same server cannot satisfy it.
   *
   * @throws AssertionError if none does in time
   */
  public void awaitStatementWaitingForLock(String pattern, String... more) {
    List<String> patterns = new ArrayList<>();
    patterns.add(pattern);
    patterns.addAll(List.of(more));
    String like = String.join(" OR ", Collections.nCopies(patterns.size(), "query LIKE ?"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try (Connection c = dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
            + " AND application_name = current_setting('application_name') AND (" + like + ")")) {
      for (int i = 0; i < patterns.size(); i++) {
        ps.setString(i + 1, patterns.get(i));
      }
      while (System.nanoTime() < deadline) {
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getLong(1) > 0) {
            return;
          }
        }
        Thread.sleep(5);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new AssertionError("no statement like " + String.join(" or ", patterns) + " waited for a lock");
  }

  public String schema() {
    return schema.name();
  }

  /**
   * Holds an {@code EXCLUSIVE} lock on {@code table} of this schema, on a connection of its own,
   * until closed: inserts into the table wait meanwhile (reads do not). For tests that need
   * writers to queue up.
   */
  public AutoCloseable lockTable(String table) throws SQLException {
    Connection c = DriverManager.getConnection(url());
    try {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("LOCK TABLE " + schema.name() + "." + table + " IN EXCLUSIVE MODE");
      }
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return () -> {
      try (c) {
        c.rollback();
      }
    };
  }
}
