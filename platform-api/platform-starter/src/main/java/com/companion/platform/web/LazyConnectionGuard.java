package com.companion.platform.web;

import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps a client that connects lazily and synchronously off the Netty event loop. Spring Data Redis
 * opens its shared connection on the first command, blocking the calling thread for up to the
 * connect timeout: issued on an event loop while Redis is slow or down (as at start-up on a busy
 * machine), it stalls every request on that loop, and the next command tries again. So commands run
 * on {@code boundedElastic} until one has succeeded (the shared connection exists from then on, and
 * Lettuce reconnects it without blocking), and again after any failure, which is when a new
 * connection may be needed. Once connected a command costs no thread hop.
 */
public final class LazyConnectionGuard {

  private volatile boolean connected;

  public <T> Mono<T> call(Supplier<Mono<T>> command) {
    Mono<T> call =
        Mono.defer(command)
            .doOnSuccess(value -> connected = true)
            .doOnError(e -> connected = false);
    return connected ? call : call.subscribeOn(Schedulers.boundedElastic());
  }
}
