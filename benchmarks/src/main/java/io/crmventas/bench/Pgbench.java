package io.crmventas.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs PostgreSQL's own pgbench with a custom script against the test server, for a baseline. */
final class Pgbench {
  private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

  private final String host;
  private final String port;
  private final String database;
  private final String user;
  private final String password;

  Pgbench(String jdbcUrl) {
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    host = uri.getHost();
    port = String.valueOf(uri.getPort() < 0 ? 5432 : uri.getPort());
    database = uri.getPath().substring(1);
    Map<String, String> q = new HashMap<>();
    if (uri.getQuery() != null) {
      for (String kv : uri.getQuery().split("&")) {
        String[] p = kv.split("=", 2);
        q.put(p[0], p.length > 1 ? p[1] : "");
      }
    }
    user = q.getOrDefault("user", "postgres");
    password = q.getOrDefault("password", "");
  }

  /** Runs {@code script} with {@code clients} connections for {@code seconds}; returns its TPS. */
  double run(String script, int clients, int seconds) throws IOException, InterruptedException {
    Path file = Files.createTempFile("pgbench", ".sql");
    Files.writeString(file, script);
    ProcessBuilder pb = new ProcessBuilder(List.of("pgbench", "-n", "-M", "prepared", "-c", String.valueOf(clients),
        "-j", String.valueOf(clients), "-T", String.valueOf(seconds), "-f", file.toString(), "-h", host, "-p", port,
        "-U", user, database));
    pb.environment().put("PGPASSWORD", password);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    Files.deleteIfExists(file);
    Matcher m = TPS.matcher(out);
    if (code != 0 || !m.find()) {
      throw new IllegalStateException("pgbench failed (exit " + code + "):\n" + out);
    }
    return Double.parseDouble(m.group(1));
  }
}
