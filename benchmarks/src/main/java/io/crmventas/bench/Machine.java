package io.crmventas.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Describes the machine a benchmark ran on, for the report. */
final class Machine {
  private Machine() {}

  static String describe() {
    String cpu = "unknown CPU";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
    } catch (IOException ignored) {
      // Not Linux; the rest still describes the machine.
    }
    return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
        + (Runtime.getRuntime().maxMemory() >> 20) + " MiB max heap, Java " + System.getProperty("java.version")
        + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version");
  }
}
