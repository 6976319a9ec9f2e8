package com.companion.chat.model.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.companion.chat.model.ModelChunk;
import com.companion.chat.model.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Reading model-gateway's stream from raw network reads, cut anywhere. */
class CompletionStreamParserTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static String content(String jsonString) {
    return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
        + "\"model\":\"companion-moe@3\",\"system_fingerprint\":\"fp\",\"choices\":[{\"index\":0,"
        + "\"delta\":{\"content\":"
        + jsonString
        + "},\"logprobs\":null,\"finish_reason\":null}]}\n\n";
  }

  private static final String STREAM =
      "data: {\"id\":\"chatcmpl-1\",\"model\":\"companion-moe@3\",\"choices\":[{\"index\":0,"
          + "\"delta\":{\"role\":\"assistant\"},\"finish_reason\":null}]}\n\n"
          + content("\"Good \"")
          + content("\"morrow, \\\"Romeo\\\"\\n\"")
          + ": a comment line\n\n"
          + content("\"晚安，\"")
          + content("\"🌙\"")
          + "data: {\"id\":\"chatcmpl-1\",\"model\":\"companion-moe@3\",\"choices\":[{\"index\":0,"
          + "\"delta\":{},\"finish_reason\":\"length\"}]}\n\n"
          + "data: {\"id\":\"chatcmpl-1\",\"model\":\"companion-moe@3\",\"choices\":[],"
          + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5}}\r\n\r\n"
          + "data: [DONE]\n\n"
          + content("\"after the end\"");

  @Test
  void everyCutOfTheStreamReadsTheSame() {
    byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
    for (int cut = 1; cut < bytes.length; cut++) {
      CompletionStreamParser parser = new CompletionStreamParser(JSON);
      List<ModelChunk> chunks = new ArrayList<>(parser.feed(bytes, 0, cut));
      chunks.addAll(parser.feed(bytes, cut, bytes.length - cut));

      assertThat(text(chunks)).as("cut at %d", cut).isEqualTo("Good morrow, \"Romeo\"\n晚安，🌙");
      assertThat(chunks).extracting(ModelChunk::finishReason).containsOnlyOnce("length");
      assertThat(chunks.getLast().usage()).isEqualTo(new TokenUsage(12, 5));
      assertThat(chunks).extracting(ModelChunk::model).containsOnly("companion-moe@3");
      assertThat(parser.done()).isTrue();
    }
  }

  @Test
  void theTokensOfOneReadComeOutAsOneChunk() {
    CompletionStreamParser parser = new CompletionStreamParser(JSON);
    byte[] first = content("\"a\"").getBytes(StandardCharsets.UTF_8);
    assertThat(parser.feed(first, 0, first.length))
        .containsExactly(ModelChunk.text("a", "companion-moe@3"));

    // read by the per-token fast path now that the model is known: spaces kept as they are
    byte[] three =
        (content("\" b \"") + content("\"c\"") + content("\" d\""))
            .getBytes(StandardCharsets.UTF_8);
    assertThat(parser.feed(three, 0, three.length))
        .containsExactly(ModelChunk.text(" b c d", "companion-moe@3"));
  }

  @Test
  void anErrorObjectFailsTheStream() {
    CompletionStreamParser parser = new CompletionStreamParser(JSON);
    byte[] error =
        "data: {\"error\":{\"message\":\"node lost\",\"type\":\"server_error\"}}\n\n"
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> parser.feed(error, 0, error.length)).hasRootCauseMessage("node lost");
  }

  private static String text(List<ModelChunk> chunks) {
    StringBuilder text = new StringBuilder();
    chunks.forEach(chunk -> text.append(chunk.text()));
    return text.toString();
  }
}
