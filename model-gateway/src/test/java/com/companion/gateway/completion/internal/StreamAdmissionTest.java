package com.companion.gateway.completion.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.gateway.node.CircuitBreaker;
import com.companion.gateway.node.Node;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

class StreamAdmissionTest {

  final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  final StreamAdmission admission =
      new StreamAdmission(2, Duration.ofSeconds(20), Duration.ofSeconds(3), time);
  final Node node =
      new Node(
          "http://node",
          new CircuitBreaker(5, Duration.ofSeconds(10), Clock.systemUTC()),
          3,
          Duration.ofSeconds(30),
          Clock.systemUTC());
  final int maxStreams = 1;

  /** Takes the node's one stream if it is free. */
  final Supplier<StreamAdmission.Pick> picker =
      () ->
          node.hasCapacity(maxStreams) && node.tryAcquire()
              ? new StreamAdmission.Pick.Taken(node)
              : new StreamAdmission.Pick.Full();

  record Outcome(AtomicReference<Object> value, Disposable subscription) {}

  Outcome request() {
    AtomicReference<Object> value = new AtomicReference<>();
    Disposable subscription =
        admission
            .acquire(picker)
            .subscribe(value::set, value::set, () -> value.compareAndSet(null, "empty"));
    return new Outcome(value, subscription);
  }

  void finish() {
    node.release();
    admission.freed();
  }

  @Test
  void waitersAreServedFirstComeFirstServedAsStreamsFree() {
    Outcome running = request();
    Outcome first = request();
    Outcome second = request();
    assertThat(running.value().get()).isSameAs(node);
    assertThat(first.value().get()).isNull();
    assertThat(admission.waiting()).isEqualTo(2);

    finish();
    assertThat(first.value().get()).isSameAs(node);
    assertThat(second.value().get()).isNull();

    finish();
    assertThat(second.value().get()).isSameAs(node);
    assertThat(admission.waiting()).isZero();
  }

  @Test
  void aFullLineRefusesAtOnceWithRetryAfter() {
    request();
    request();
    request();
    Outcome refused = request();
    assertThat(refused.value().get())
        .isInstanceOfSatisfying(
            StreamAdmission.Overloaded.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3)));
  }

  @Test
  void aRequestStillWaitingAfterMaxWaitIsRefusedNotLeftHanging() {
    request();
    Outcome waiting = request();
    time.advanceTimeBy(Duration.ofSeconds(19));
    assertThat(waiting.value().get()).isNull();
    time.advanceTimeBy(Duration.ofSeconds(1));
    assertThat(waiting.value().get()).isInstanceOf(StreamAdmission.Overloaded.class);
    assertThat(admission.waiting()).isZero();
  }

  @Test
  void aCallerThatLeavesGivesUpItsPlace() {
    request();
    Outcome leaving = request();
    Outcome staying = request();
    leaving.subscription().dispose();
    assertThat(admission.waiting()).isEqualTo(1);

    finish();
    assertThat(staying.value().get()).isSameAs(node);
    assertThat(leaving.value().get()).isNull();
    assertThat(node.outstanding()).isEqualTo(1);
  }

  @Test
  void withNoUsableNodeAtAllNothingWaits() {
    StreamAdmission.Pick none = new StreamAdmission.Pick.NoNode();
    List<Object> seen = new ArrayList<>();
    admission.acquire(() -> none).subscribe(seen::add, seen::add, () -> seen.add("empty"));
    assertThat(seen).containsExactly("empty");
    assertThat(admission.waiting()).isZero();
  }
}
