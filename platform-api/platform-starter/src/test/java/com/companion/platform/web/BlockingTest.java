package com.companion.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import org.springframework.dao.DataAccessResourceFailureException;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;

class BlockingTest {

  @Test
  void anUnreachableDatabaseIsA503WithRetryAfter() {
    assertThatThrownBy(
            () ->
                Blocking.call(
                        () -> {
                          throw new DataAccessResourceFailureException("connection refused");
                        })
                    .block())
        .isInstanceOfSatisfying(
            PlatformProblem.class,
            p -> {
              assertThat(p.getStatusCode().value()).isEqualTo(503);
              assertThat(p.getHeaders().getFirst("Retry-After")).isEqualTo("5");
            });
  }

  @Test
  void otherErrorsPassThrough() {
    assertThatThrownBy(
            () ->
                Blocking.call(
                        () -> {
                          throw PlatformProblem.notFound("x");
                        })
                    .block())
        .isInstanceOfSatisfying(
            PlatformProblem.class, p -> assertThat(p.getStatusCode().value()).isEqualTo(404));
  }

  @Test
  void workLeftByItsSubscriberRunsToItsEndAndItsResultIsGivenBack() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    AtomicReference<String> abandoned = new AtomicReference<>();
    AtomicReference<String> delivered = new AtomicReference<>();
    CountDownLatch givenBack = new CountDownLatch(1);
    Disposable subscription =
        Blocking.callToTheEnd(
                () -> {
                  started.countDown();
                  finish.await();
                  return "lease 7";
                },
                result -> {
                  abandoned.set(result);
                  givenBack.countDown();
                })
            .subscribe(delivered::set);
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    subscription.dispose();
    finish.countDown();

    assertThat(givenBack.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(abandoned.get()).isEqualTo("lease 7");
    assertThat(delivered.get()).isNull();
  }

  @Test
  void aResultWaitingForItsRequestIsGivenBackWhenTheSubscriberCancelsInstead() throws Exception {
    AtomicReference<Subscription> subscription = new AtomicReference<>();
    CountDownLatch ended = new CountDownLatch(1);
    AtomicReference<String> abandoned = new AtomicReference<>();
    CountDownLatch givenBack = new CountDownLatch(1);
    Blocking.callToTheEnd(
            () -> {
              ended.countDown();
              return "lease 9";
            },
            result -> {
              abandoned.set(result);
              givenBack.countDown();
            })
        .subscribe(
            new CoreSubscriber<String>() {
              @Override
              public void onSubscribe(Subscription s) {
                subscription.set(s); // nothing requested yet
              }

              @Override
              public void onNext(String result) {}

              @Override
              public void onError(Throwable e) {}

              @Override
              public void onComplete() {}
            });
    assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
    // the result is waiting by now (a cancel before it would give it back as well)
    Thread.sleep(50);
    subscription.get().cancel();
    assertThat(givenBack.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(abandoned.get()).isEqualTo("lease 9");
  }

  @Test
  void aResultReachesItsSubscriberAndIsNotGivenBack() {
    AtomicInteger abandoned = new AtomicInteger();
    assertThat(Blocking.callToTheEnd(() -> "lease 8", r -> abandoned.incrementAndGet()).block())
        .isEqualTo("lease 8");
    assertThat(abandoned).hasValue(0);
  }

  @Test
  void everyResultGoesOnceToItsSubscriberOrBackWhateverTheMomentOfTheCancel() throws Exception {
    int runs = 3_000;
    Set<Integer> delivered = ConcurrentHashMap.newKeySet();
    Set<Integer> abandoned = ConcurrentHashMap.newKeySet();
    AtomicInteger handedOver = new AtomicInteger();
    CountDownLatch all = new CountDownLatch(runs);
    for (int i = 0; i < runs; i++) {
      int run = i;
      long workNanos = ThreadLocalRandom.current().nextLong(20_000);
      AtomicBoolean started = new AtomicBoolean();
      AtomicReference<Subscription> subscription = new AtomicReference<>();
      Blocking.callToTheEnd(
              () -> {
                started.set(true);
                spin(workNanos);
                return run;
              },
              result -> {
                abandoned.add(result);
                handedOver.incrementAndGet();
                all.countDown();
              })
          .subscribe(
              new CoreSubscriber<Integer>() {
                @Override
                public void onSubscribe(Subscription s) {
                  subscription.set(s);
                  s.request(1);
                }

                // counted even after the cancel: what onNext was given was handed over
                @Override
                public void onNext(Integer result) {
                  delivered.add(result);
                  handedOver.incrementAndGet();
                  all.countDown();
                }

                @Override
                public void onError(Throwable e) {}

                @Override
                public void onComplete() {}
              });
      // a third cancel at once, a third while the work runs or just after, a third once the
      // result is there
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      if (run % 3 == 1) {
        while (!started.get() && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        spin(ThreadLocalRandom.current().nextLong(20_000));
      } else if (run % 3 == 2) {
        while (!delivered.contains(run) && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
      }
      subscription.get().cancel();
    }

    assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(Duration.ofMillis(100));
    assertThat(handedOver).hasValue(runs);
    assertThat(delivered).doesNotContainAnyElementsOf(abandoned);
    assertThat(delivered.size() + abandoned.size()).isEqualTo(runs);
    // the cancels fell both before and after the work's end
    assertThat(delivered).isNotEmpty();
    assertThat(abandoned).isNotEmpty();
  }

  private static void spin(long nanos) {
    long until = System.nanoTime() + nanos;
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
  }
}
