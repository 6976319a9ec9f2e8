package com.companion.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StallReportTest {

  private static final String DUMP =
      """
      2026-11-30 23:10:00
      Full thread dump OpenJDK 64-Bit Server VM (25+36-LTS mixed mode, sharing):

      "reactor-http-epoll-1" #41 [2210] daemon prio=5 os_prio=0 cpu=812.11ms elapsed=61.20s tid=0x1 nid=2210 runnable  [0x1]
         java.lang.Thread.State: RUNNABLE
      \tat io.netty.channel.epoll.Native.epollWait(Native Method)
      \tat io.netty.channel.epoll.EpollIoHandler.epollWait(EpollIoHandler.java:194)

      "reactor-http-epoll-2" #42 [2211] daemon prio=5 os_prio=0 cpu=90.00ms elapsed=61.20s tid=0x2 nid=2211 waiting on condition  [0x2]
         java.lang.Thread.State: TIMED_WAITING (parking)
      \tat jdk.internal.misc.Unsafe.park(java.base@25/Native Method)
      \tat java.util.concurrent.CompletableFuture.get(java.base@25/CompletableFuture.java:2095)
      \tat org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory$SharedConnection.getConnection(LettuceConnectionFactory.java:1500)

      "boundedElastic-evictor-1" #50 [2230] daemon prio=5 os_prio=0 cpu=0.10ms elapsed=60.00s tid=0x3 nid=2230 waiting on condition  [0x3]
         java.lang.Thread.State: TIMED_WAITING (parking)
      \tat jdk.internal.misc.Unsafe.park(java.base@25/Native Method)
      \tat java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue.take(java.base@25/ScheduledThreadPoolExecutor.java:1182)

      "C2 CompilerThread0" #20 [2200] daemon prio=9 os_prio=0 cpu=9000ms elapsed=62.00s tid=0x4 nid=2200 runnable
         java.lang.Thread.State: RUNNABLE
      """;

  @Test
  void namesTheBusyRequestThreadsWithTheirTopFramesAndLeavesOutIdleOnes() {
    String report = StallReport.requestThreads(DUMP);

    assertThat(report)
        .contains("reactor-http-epoll-2")
        .contains("LettuceConnectionFactory$SharedConnection.getConnection")
        .doesNotContain("reactor-http-epoll-1")
        .doesNotContain("boundedElastic-evictor-1")
        .doesNotContain("CompilerThread");
  }
}
