package com.companion.platform.web;

import java.time.Duration;
import java.util.function.Supplier;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Keeps a client that connects lazily and synchronously off the Netty event loop. Spring Data Redis
 * opens its shared connection on the first command, blocking the calling thread for up to the
 * connect timeout: issued on an event loop while Redis is slow or down (as at start-up on a busy
 * machine), it stalls every request on that loop, and the next command tries again. So commands run
 * on {@code boundedElastic} until one has succeeded (the shared connection exists from then on, and
 * Lettuce reconnects it without blocking), and again after any failure, which is when a new
 * connection may be needed. Once connected a command costs no thread hop.
 *
 * <p>One guard per connection factory: the platform starter makes it a bean for the service's Redis
 * and opens the connection in the background at start-up ({@link #connectInBackground}), so that
 * the first requests seldom pay the hop either.
 */
public final class LazyConnectionGuard implements AutoCloseable {

  private volatile boolean connected;
  private volatile Disposable connecting = Disposables.disposed();

  public <T> Mono<T> call(Supplier<Mono<T>> command) {
    Mono<T> call =
        Mono.defer(command)
            .doOnSuccess(value -> connected = true)
            .doOnError(e -> connected = false);
    return connected ? call : call.subscribeOn(Schedulers.boundedElastic());
  }

  /**
   * Runs {@code ping} off the event loop until it succeeds once, waiting {@code firstBackoff},
   * doubling up to {@code maxBackoff}, between tries; {@link #close} stops the tries.
   */
  public void connectInBackground(
      Supplier<Mono<?>> ping, Duration firstBackoff, Duration maxBackoff) {
    connecting.dispose();
    connecting =
        call(() -> ping.get().then())
            .retryWhen(Retry.backoff(Long.MAX_VALUE, firstBackoff).maxBackoff(maxBackoff))
            .subscribe(done -> {}, failed -> {});
  }

  @Override
  public void close() {
    connecting.dispose();
  }

  /** Whether the last command succeeded. */
  public boolean connected() {
    return connected;
  }
}
