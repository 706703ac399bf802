package io.crmventas.core.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh PostgreSQL schema for one test class, migrated with Flyway from
 * {@code classpath:db/migration}, dropped afterwards. Register it as a static
 * {@code @RegisterExtension} field.
 *
 * <p>The server comes from the system property or environment variable
 * {@code crm.test.postgres.url} / {@code CRM_TEST_POSTGRES_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}). When it cannot be reached the
 * test class fails with a message saying how to start it: integration tests never skip.
 */
public final class PostgresTestDatabase implements BeforeAllCallback, AfterAllCallback {
  public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  private final int poolSize;
  private String schema;
  private HikariDataSource dataSource;

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
          + "Integration tests need a real PostgreSQL 15+. Start it with:\n"
          + "  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n"
          + "or install it with: apt-get install -y postgresql (the README's test command does both),\n"
          + "or point -Dcrm.test.postgres.url / CRM_TEST_POSTGRES_URL at another server.", e);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    requireReachable();
    String cls = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT);
    schema = "it_" + cls.substring(0, Math.min(40, cls.length())) + "_"
        + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url());
    config.setSchema(schema);
    config.setMaximumPoolSize(poolSize);
    config.setPoolName("it-" + schema);
    dataSource = new HikariDataSource(config);
    Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema)
        .locations("classpath:db/migration").load().migrate();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (dataSource != null) {
      dataSource.close();
    }
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public String schema() {
    return schema;
  }
}
