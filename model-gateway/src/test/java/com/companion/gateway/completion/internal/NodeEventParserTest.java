package com.companion.gateway.completion.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.companion.gateway.completion.GenerationEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class NodeEventParserTest {

  final NodeEventParser parser = new NodeEventParser(JsonMapper.builder().build());

  List<GenerationEvent> feed(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return parser.feed(bytes, 0, bytes.length);
  }

  static String token(String jsonText, int id) {
    return "event: token\ndata: {\"text\":" + jsonText + ",\"token_id\":" + id + "}\n\n";
  }

  @Test
  void tokensThatArriveTogetherBecomeOneEventAndTheDoneStaysApart() {
    List<GenerationEvent> events =
        feed(
            token("\"Good\"", 1)
                + token("\" morrow\"", 2)
                + "event: done\ndata: {\"finish_reason\":\"stop\",\"prompt_tokens\":9,"
                + "\"completion_tokens\":2}\n\n");

    assertThat(events)
        .containsExactly(
            new GenerationEvent.Token("Good morrow", 2), new GenerationEvent.Done("stop", 9, 2));
  }

  @Test
  void tokensThatArriveOneByOneStayOneByOne() {
    assertThat(feed(token("\"Good\"", 1))).containsExactly(new GenerationEvent.Token("Good", 1));
    assertThat(feed(token("\" morrow\"", 2)))
        .containsExactly(new GenerationEvent.Token(" morrow", 1));
  }

  @Test
  void anEventSplitAcrossReadsIsKeptUntilItEnds() {
    String whole = token("\"caf\\u00e9 \\\"quoted\\\"\\nline\"", 7);
    byte[] bytes = whole.getBytes(StandardCharsets.UTF_8);
    List<GenerationEvent> events = new ArrayList<>();
    for (int i = 0; i < bytes.length; i += 5) {
      events.addAll(parser.feed(bytes, i, Math.min(5, bytes.length - i)));
    }
    assertThat(events).containsExactly(new GenerationEvent.Token("café \"quoted\"\nline", 1));
  }

  @Test
  void multiByteTextAndCarriageReturnsAndOtherShapesAreRead() {
    assertThat(feed("event: token\r\ndata: {\"text\":\"月が綺麗\",\"token_id\":3}\r\n\r\n"))
        .containsExactly(new GenerationEvent.Token("月が綺麗", 1));
    // fields in another order go through the JSON reader
    assertThat(feed("event: token\ndata: {\"token_id\":4,\"text\":\"!\"}\n\n"))
        .containsExactly(new GenerationEvent.Token("!", 1));
    assertThat(feed(": keep-alive\n\n")).isEmpty();
  }

  @Test
  void anErrorEventEndsTheStreamWithAnError() {
    assertThatThrownBy(() -> feed("event: error\ndata: {\"detail\":\"out of memory\"}\n\n"))
        .isInstanceOf(NodeEventParser.NodeErrorEvent.class)
        .hasMessageContaining("out of memory");
  }
}
