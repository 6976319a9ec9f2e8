package com.companion.gateway.metering;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.contracts.events.Pseudonyms;
import com.companion.gateway.auth.Caller;
import com.companion.gateway.completion.RequestTrace;
import com.companion.platform.outbox.Outbox;
import com.companion.testkit.Infra;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Usage events on the real database: the events of requests that end while a write is under way
 * share the next transaction, none is lost or written twice, and a lone event is written at once.
 */
class UsageMeterIT {

  private final JdbcTemplate jdbc = new JdbcTemplate(Infra.dataSource());
  private final AtomicInteger transactions = new AtomicInteger();
  private final TransactionTemplate tx =
      new TransactionTemplate(new DataSourceTransactionManager(Infra.dataSource())) {
        @Override
        public <T> T execute(TransactionCallback<T> action) throws TransactionException {
          transactions.incrementAndGet();
          return super.execute(action);
        }
      };
  private final Outbox outbox =
      new Outbox(
          Infra.dataSource(),
          "gateway",
          "/model-gateway",
          new Pseudonyms("usage-meter-test"),
          JsonMapper.builder().build(),
          Clock.systemUTC());
  private final Caller caller =
      new Caller(Caller.Kind.SERVICE, null, "user-1", "glow", "chat-service", 0, 0, null, false);

  /** Runs what the meter schedules only when the test says so, as a busy writer thread would. */
  private static final class HeldScheduler implements Scheduler {
    final Deque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public Disposable schedule(Runnable task) {
      tasks.add(task);
      return () -> {};
    }

    @Override
    public Worker createWorker() {
      return Schedulers.immediate().createWorker();
    }

    void runAll() {
      while (!tasks.isEmpty()) {
        tasks.poll().run();
      }
    }
  }

  @Test
  void eventsThatArriveWhileAWriteIsPendingShareOneTransactionAndEachIsWrittenOnce() {
    HeldScheduler writer = new HeldScheduler();
    UsageMeter meter = new UsageMeter(outbox, tx, writer);
    String prefix = "meter-" + UUID.randomUUID() + "-";
    int events = UsageMeter.MAX_BATCH + 44;
    for (int i = 0; i < events; i++) {
      meter.record(caller, info(prefix + i), new RequestTrace(), "ok").block();
    }
    assertThat(writer.tasks).as("one writer for all of them").hasSize(1);
    assertThat(rows(prefix)).isZero();

    writer.runAll();

    assertThat(rows(prefix)).isEqualTo(events);
    assertThat(
            jdbc.queryForObject(
                "select count(distinct message_key) from gateway.outbox where message_key like ?",
                Integer.class,
                prefix + "%"))
        .isEqualTo(events);
    assertThat(transactions).hasValue(2);
  }

  @Test
  void aLoneEventIsWrittenAtOnceAndTheNextOneGetsAWriterAgain() {
    UsageMeter meter = new UsageMeter(outbox, tx, Schedulers.immediate());
    String prefix = "meter-" + UUID.randomUUID() + "-";

    meter.record(caller, info(prefix + "a"), null, "rejected").block();
    assertThat(rows(prefix)).isEqualTo(1);
    meter.record(caller, info(prefix + "b"), new RequestTrace(), "ok").block();
    assertThat(rows(prefix)).isEqualTo(2);
  }

  @Test
  void aShutdownWritesWhatIsQueued() {
    HeldScheduler writer = new HeldScheduler();
    UsageMeter meter = new UsageMeter(outbox, tx, writer);
    String prefix = "meter-" + UUID.randomUUID() + "-";
    for (int i = 0; i < 3; i++) {
      meter.record(caller, info(prefix + i), new RequestTrace(), "ok").block();
    }

    meter.flush();

    assertThat(rows(prefix)).isEqualTo(3);
  }

  @Test
  void anEventThatEndsAfterTheWriterStoppedWaitsForTheShutdownsFlushWithoutFailingItsRequest() {
    Scheduler stopped = Schedulers.newSingle("stopped-usage-writer");
    stopped.dispose();
    UsageMeter meter = new UsageMeter(outbox, tx, stopped);
    String prefix = "meter-" + UUID.randomUUID() + "-";

    meter.record(caller, info(prefix + "late"), new RequestTrace(), "ok").block();
    assertThat(rows(prefix)).isZero();
    meter.flush();

    assertThat(rows(prefix)).isEqualTo(1);
  }

  private static UsageMeter.RequestInfo info(String requestId) {
    return new UsageMeter.RequestInfo(requestId, "companion-moe", true, null);
  }

  private int rows(String prefix) {
    return jdbc.queryForObject(
        "select count(*) from gateway.outbox where message_key like ?",
        Integer.class,
        prefix + "%");
  }
}
