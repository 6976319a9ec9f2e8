package com.companion.identity.export;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Reads of a neighbour that run side by side, their answers kept in the order they were asked. */
final class ConcurrentReads {

  private ConcurrentReads() {}

  /**
   * Every read's answer, in the order of {@code reads}, with at most {@code atOnce} of them waiting
   * on the network at a time. The first failure met in that order is rethrown and the reads still
   * running are interrupted: the export fails as a whole, so their answers would be thrown away.
   */
  static <T> List<T> inOrder(List<Callable<T>> reads, int atOnce) {
    if (reads.isEmpty()) {
      return List.of();
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(atOnce, reads.size()), Thread.ofVirtual().name("export-read-", 0).factory());
    try {
      List<Future<T>> running = new ArrayList<>(reads.size());
      for (Callable<T> read : reads) {
        running.add(pool.submit(read));
      }
      List<T> answers = new ArrayList<>(reads.size());
      for (Future<T> read : running) {
        answers.add(result(read));
      }
      return answers;
    } catch (RuntimeException failure) {
      pool.shutdownNow();
      throw failure;
    } finally {
      pool.close();
    }
  }

  /** A read's answer, or its own failure (a 503 problem naming the neighbour) rethrown. */
  static <T> T result(Future<T> read) {
    try {
      return read.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("export interrupted", e);
    }
  }
}
