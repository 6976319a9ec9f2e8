package com.companion.chat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.companion.chat.bench.ChatBench.Conversation;
import com.companion.chat.bench.ChatBench.Integrity;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class BenchArithmeticTest {

  private final JsonMapper json = JsonMapper.builder().build();

  private JsonNode message(String role, String content) {
    return json.valueToTree(Map.of("role", role, "content", content));
  }

  private List<JsonNode> complete(int user, int turns) {
    List<JsonNode> items = new ArrayList<>();
    items.add(message("assistant", "greeting"));
    for (int t = 0; t < turns; t++) {
      items.add(message("user", ChatBench.prompt(user, t)));
      items.add(message("assistant", "reply " + t));
    }
    return items;
  }

  @Test
  void aCompleteRunLosesAndDuplicatesNothing() {
    Map<Conversation, List<JsonNode>> histories = new LinkedHashMap<>();
    histories.put(new Conversation(0, "a", "t", List.of()), complete(0, 2));
    histories.put(new Conversation(1, "b", "t", List.of()), complete(1, 2));

    assertThat(Integrity.of(histories, 2, 2)).isEqualTo(new Integrity(10, 10, 0, 0));
  }

  @Test
  void aDuplicateDoesNotHideALoss() {
    // one turn's messages are missing and another turn's are stored twice: the count of messages
    // is right, yet two were lost and two duplicated
    List<JsonNode> items = complete(0, 2);
    items.remove(4);
    items.remove(3);
    items.add(message("user", ChatBench.prompt(0, 0)));
    items.add(message("assistant", "reply 0 again"));
    Map<Conversation, List<JsonNode>> histories =
        Map.of(new Conversation(0, "a", "t", List.of()), items);

    Integrity integrity = Integrity.of(histories, 2, 1);

    assertThat(integrity.found()).isEqualTo(integrity.expected());
    assertThat(integrity.lost()).isEqualTo(1);
    assertThat(integrity.duplicated()).isEqualTo(1);
  }

  @Test
  void aUserWhoseConversationNeverStartedLostEveryTurn() {
    Map<Conversation, List<JsonNode>> histories =
        Map.of(new Conversation(0, "a", "t", List.of()), complete(0, 3));

    assertThat(Integrity.of(histories, 3, 2).lost()).isEqualTo(7);
  }

  @Test
  void aConversationLongerThanOnePageIsReadWholeOldestFirst() throws Exception {
    List<JsonNode> whole = complete(0, 30);
    // pages of 25 from the newest back, as chat-service answers: next_cursor is the oldest id
    List<String> asked = new ArrayList<>();
    List<JsonNode> read =
        ChatBench.wholePath(
            before -> {
              asked.add(String.valueOf(before));
              int end = before == null ? whole.size() : Integer.parseInt(before);
              int start = Math.max(0, end - 25);
              Map<String, Object> page = new LinkedHashMap<>();
              page.put("items", whole.subList(start, end));
              page.put("next_cursor", start == 0 ? null : Integer.toString(start));
              return json.valueToTree(page);
            });

    assertThat(read).containsExactlyElementsOf(whole);
    assertThat(asked).containsExactly("null", "36", "11");
    assertThat(Integrity.of(Map.of(new Conversation(0, "a", "t", List.of()), read), 30, 1))
        .isEqualTo(new Integrity(61, 61, 0, 0));
  }

  @Test
  @Timeout(10)
  void aStreamThatStallsIsGivenUpAtItsDeadlineAndOneThatEndsIsRead() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    Stream<String> stalled =
        Stream.concat(
            Stream.of("event: delta", "data: {\"text\":\"Good\"}"),
            Stream.generate(
                () -> {
                  try {
                    never.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return "";
                }));
    assertThatThrownBy(() -> ChatBench.read(stalled, "delta", "done", Duration.ofMillis(300)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("stalled");

    ChatBench.Streamed ended =
        ChatBench.read(
            Stream.of(
                "event: delta",
                "data: {\"text\":\"Good\"}",
                "event: done",
                "data: {\"finish_reason\":\"stop\"}"),
            "delta",
            "done",
            Duration.ofSeconds(5));
    assertThat(ended.firstNanos()).isPositive();
    assertThat(ended.done().path("finish_reason").asString()).isEqualTo("stop");
  }
}
