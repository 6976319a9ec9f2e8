package com.companion.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PseudonymsTest {

  private final Pseudonyms pseudonyms = new Pseudonyms("k");

  @Test
  void isTheKeyedHashOfTheIdAndTheSameOnEveryCallAndThread() {
    // HMAC-SHA256("k", id), first 16 bytes in hex
    assertThat(pseudonyms.of("alice")).isEqualTo("u_ec631a55bb81f5b9dc96aa930a45628d");
    assertThat(pseudonyms.of("bob")).isEqualTo("u_73662dcee4acad8d3d983bf08054fe56");
    assertThat(pseudonyms.of("alice")).isEqualTo("u_ec631a55bb81f5b9dc96aa930a45628d");

    List<String> fromOtherThreads =
        IntStream.range(0, 8)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () -> pseudonyms.of(i % 2 == 0 ? "alice" : "bob")))
            .map(CompletableFuture::join)
            .toList();
    assertThat(fromOtherThreads)
        .containsOnly("u_ec631a55bb81f5b9dc96aa930a45628d", "u_73662dcee4acad8d3d983bf08054fe56");
  }

  @Test
  void anotherKeyGivesAnotherPseudonymAndNullStaysNull() {
    assertThat(new Pseudonyms("other").of("alice")).isNotEqualTo(pseudonyms.of("alice"));
    assertThat(pseudonyms.of(null)).isNull();
  }
}
