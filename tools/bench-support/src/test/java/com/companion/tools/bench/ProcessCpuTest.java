package com.companion.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which process a command line belongs to, the compilers' share, and the caller's own process. */
class ProcessCpuTest {

  @Test
  void processesAreGroupedByTheirJarOrServer() {
    assertThat(ProcessCpu.groupOf("java\0-Xmx1g\0-jar\0/r/chat-service/target/chat-service.jar\0"))
        .isEqualTo("chat-service");
    assertThat(ProcessCpu.groupOf("/usr/lib/postgresql/15/bin/postgres\0-D\0/x\0"))
        .isEqualTo("postgresql");
    assertThat(ProcessCpu.groupOf("postgres: 15/main: postgres companion 127.0.0.1(5) idle\0"))
        .isEqualTo("postgresql");
    assertThat(ProcessCpu.groupOf("/usr/bin/redis-server 127.0.0.1:6379\0")).isEqualTo("redis");
    assertThat(ProcessCpu.groupOf("java\0-cp\0a.jar:b.jar\0kafka.Kafka\0server.properties\0"))
        .isEqualTo("kafka");
    assertThat(ProcessCpu.groupOf("bash\0-c\0ls\0")).isNull();
    // the launcher runs each service from a copy of its jar in its data folder
    assertThat(
            ProcessCpu.groupOf("java\0-Xmx1g\0-jar\0/r/.platform/run/model-gateway.jar\0--a=b\0"))
        .isEqualTo("model-gateway");
    assertThat(
            ProcessCpu.groupOf(
                "java\0-cp\0/r/platform-api/launcher/target/launcher.jar\0"
                    + "com.companion.launcher.Platform\0up\0"))
        .isNull();
    assertThat(ProcessCpu.groupOf("java\0-jar\0/tmp/surefirebooter123.jar\0")).isNull();
  }

  @Test
  void theJitShareIsTheCompilerThreadsPartOfAllProcesses() {
    Map<String, Double> spent =
        Map.of(
            "edge",
            300.0,
            "edge" + ProcessCpu.JIT,
            60.0,
            "postgresql",
            100.0,
            "postgresql" + ProcessCpu.JIT,
            0.0);
    assertThat(ProcessCpu.jitShare(spent)).isEqualTo(0.15);
    assertThat(ProcessCpu.jitShare(Map.of())).isZero();
  }

  @Test
  void theCallersOwnProcessCountsOnlyWhenAskedFor() {
    assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "needs /proc");

    Map<String, Double> withSelf = ProcessCpu.snapshot(true);

    assertThat(withSelf).containsKeys(ProcessCpu.SELF, ProcessCpu.SELF + ProcessCpu.JIT);
    // this JVM has loaded and run these tests: it has spent some CPU
    assertThat(withSelf.get(ProcessCpu.SELF)).isPositive();
    assertThat(ProcessCpu.snapshot()).doesNotContainKey(ProcessCpu.SELF);
  }
}
