#!/usr/bin/env bash
# Builds the project (without tests) and runs one benchmark driver.
#   benchmarks/run.sh AppendBenchmark [args...]   (JVM options, e.g. -Dx=y, in JAVA_OPTS)
set -euo pipefail
cd "$(dirname "$0")/.."
main="$1"; shift
mvn -q -B -Dstyle.color=never install -DskipTests -pl benchmarks -am
mvn -q -B -Dstyle.color=never -pl benchmarks dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
exec java -Xmx2g ${JAVA_OPTS:-} -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" "io.crmventas.bench.$main" "$@"
