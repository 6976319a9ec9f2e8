package com.companion.chat.internal;

import java.util.concurrent.Callable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Runs JDBC work off the event loop. */
public final class Blocking {

  private Blocking() {}

  public static <T> Mono<T> call(Callable<T> work) {
    return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
  }

  public static Mono<Void> run(Runnable work) {
    return Mono.<Void>fromRunnable(work).subscribeOn(Schedulers.boundedElastic());
  }
}
