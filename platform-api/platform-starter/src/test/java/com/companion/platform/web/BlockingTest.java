package com.companion.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

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
}
