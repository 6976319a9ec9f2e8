package com.companion.platform.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.platform.admission.FairLine.Pick;
import com.companion.platform.admission.FairLine.Refusal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

class FairLineTest {

  /** What the line hands out here: one of two seats. */
  record Seat(int number) {}

  final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  final AtomicInteger free = new AtomicInteger(1);
  final AtomicInteger givenBack = new AtomicInteger();
  final FairLine<Seat> line =
      new FairLine<>(
          2,
          Duration.ofSeconds(20),
          time,
          Seat.class,
          why -> new IllegalStateException(why.toString()),
          seat -> {
            givenBack.incrementAndGet();
            free.incrementAndGet();
          });
  final AtomicInteger issued = new AtomicInteger();

  /** Takes the seat if it is free. */
  final Supplier<Pick<Seat>> picker =
      () ->
          free.get() > 0 && free.decrementAndGet() >= 0
              ? Pick.taken(new Seat(issued.incrementAndGet()))
              : Pick.full();

  record Outcome(AtomicReference<Object> value, Disposable subscription) {}

  Outcome enter() {
    AtomicReference<Object> value = new AtomicReference<>();
    Disposable subscription =
        line.enter(picker)
            .subscribe(value::set, value::set, () -> value.compareAndSet(null, "empty"));
    return new Outcome(value, subscription);
  }

  void release() {
    free.incrementAndGet();
    line.freed();
  }

  @Test
  void waitersAreServedFirstComeFirstServedAsSeatsFree() {
    Outcome seated = enter();
    Outcome first = enter();
    Outcome second = enter();
    assertThat(seated.value().get()).isEqualTo(new Seat(1));
    assertThat(first.value().get()).isNull();
    assertThat(line.waiting()).isEqualTo(2);

    release();
    assertThat(first.value().get()).isEqualTo(new Seat(2));
    assertThat(second.value().get()).isNull();

    release();
    assertThat(second.value().get()).isEqualTo(new Seat(3));
    assertThat(line.waiting()).isZero();
  }

  @Test
  void aFullLineRefusesAtOnce() {
    enter();
    enter();
    enter();
    Outcome refused = enter();
    assertThat(refused.value().get())
        .isInstanceOfSatisfying(
            IllegalStateException.class,
            e -> assertThat(e.getMessage()).isEqualTo(Refusal.LINE_FULL.toString()));
  }

  @Test
  void aCallerStillWaitingAfterMaxWaitIsRefusedNotLeftHanging() {
    enter();
    Outcome waiting = enter();
    time.advanceTimeBy(Duration.ofSeconds(19));
    assertThat(waiting.value().get()).isNull();
    time.advanceTimeBy(Duration.ofSeconds(1));
    assertThat(waiting.value().get())
        .isInstanceOfSatisfying(
            IllegalStateException.class,
            e -> assertThat(e.getMessage()).isEqualTo(Refusal.WAITED_TOO_LONG.toString()));
    assertThat(line.waiting()).isZero();
  }

  @Test
  void aCallerThatLeavesGivesUpItsPlace() {
    enter();
    Outcome leaving = enter();
    Outcome staying = enter();
    leaving.subscription().dispose();
    assertThat(line.waiting()).isEqualTo(1);

    release();
    assertThat(staying.value().get()).isEqualTo(new Seat(2));
    assertThat(leaving.value().get()).isNull();
    assertThat(free.get()).isZero();
    assertThat(givenBack.get()).isZero();
  }

  @Test
  void withNothingToWaitForNobodyWaits() {
    List<Object> seen = new ArrayList<>();
    line.enter(Pick::none).subscribe(seen::add, seen::add, () -> seen.add("empty"));
    assertThat(seen).containsExactly("empty");
    assertThat(line.waiting()).isZero();
  }

  @Test
  void whatFollowsATakeRunsWithoutHoldingTheLine() throws Exception {
    // the caller's next steps run inside the answer; another thread must still reach the line
    // meanwhile (answered under the lock, it would wait for the caller, who here waits for it)
    Object answer =
        line.enter(picker)
            .map(
                seat -> {
                  try {
                    return CompletableFuture.supplyAsync(line::waiting).get(10, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    return e;
                  }
                })
            .block(Duration.ofSeconds(30));
    assertThat(answer).isEqualTo(0);
  }
}
