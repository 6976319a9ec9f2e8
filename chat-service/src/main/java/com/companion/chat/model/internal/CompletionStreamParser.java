package com.companion.chat.model.internal;

import com.companion.chat.model.ModelChunk;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads model-gateway's OpenAI Chat Completions stream ({@code data: <chunk>} events, then {@code
 * data: [DONE]}) straight from the bytes of each network read, for one stream.
 *
 * <p>Per token the gateway sends the same frame with only the text changed, so once the first chunk
 * has been read with Jackson (and has given the model's name), a content chunk of that shape gives
 * its text by two string searches, without a JSON tree. Everything else (the finish reason, usage,
 * errors, text with escapes) goes through Jackson. The text of all content chunks of one read comes
 * back as one {@link ModelChunk}: they were already waiting, so handing them on one by one would
 * only multiply the moderation calls, events and flushes downstream.
 */
final class CompletionStreamParser {

  private static final String CONTENT_HEAD = "\"delta\":{\"content\":\"";
  private static final String CONTENT_TAIL = "\"},\"logprobs\":null,\"finish_reason\":null}]}";

  private final JsonMapper json;
  private byte[] pending = new byte[1024];
  private int length;
  private StringBuilder data;
  private String model;
  private boolean done;

  CompletionStreamParser(JsonMapper json) {
    this.json = json;
  }

  /** Whether {@code data: [DONE]} has been read: nothing after it counts. */
  boolean done() {
    return done;
  }

  /** The chunks completed by {@code count} more bytes (plus what earlier reads left unfinished). */
  List<ModelChunk> feed(byte[] bytes, int offset, int count) {
    if (length + count > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(length + count, pending.length * 2));
    }
    System.arraycopy(bytes, offset, pending, length, count);
    length += count;
    List<ModelChunk> chunks = new ArrayList<>(2);
    StringBuilder text = null;
    int lineStart = 0;
    for (int i = 0; i < length && !done; i++) {
      if (pending[i] != '\n') {
        continue;
      }
      int lineEnd = i > lineStart && pending[i - 1] == '\r' ? i - 1 : i;
      String payload = line(lineStart, lineEnd);
      lineStart = i + 1;
      if (payload == null) {
        continue;
      }
      String fast = fastText(payload);
      if (fast != null) {
        text = text == null ? new StringBuilder(fast) : text.append(fast);
        continue;
      }
      for (ModelChunk chunk : parse(payload)) {
        boolean plainText = chunk.finishReason() == null && chunk.usage() == null;
        if (plainText) {
          text = text == null ? new StringBuilder(chunk.text()) : text.append(chunk.text());
        } else {
          if (text != null) {
            chunks.add(ModelChunk.text(text.toString(), model));
            text = null;
          }
          chunks.add(chunk);
        }
      }
    }
    if (text != null) {
      chunks.add(ModelChunk.text(text.toString(), model));
    }
    length -= lineStart;
    System.arraycopy(pending, lineStart, pending, 0, length);
    return chunks;
  }

  /** One line; returns an event's data when the line is the blank one that ends it. */
  private String line(int start, int end) {
    if (start == end) {
      String event = data == null ? null : data.toString();
      data = null;
      return event == null || event.isBlank() ? null : event;
    }
    if (end - start >= 5 && startsWith(start, "data:")) {
      int from = start + 5;
      if (from < end && pending[from] == ' ') {
        from++;
      }
      String value = new String(pending, from, end - from, StandardCharsets.UTF_8);
      data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
    }
    return null;
  }

  private List<ModelChunk> parse(String payload) {
    if ("[DONE]".equals(payload.trim())) {
      done = true;
      return List.of();
    }
    List<ModelChunk> chunks = HttpModelClient.chunks(json.readTree(payload));
    for (ModelChunk chunk : chunks) {
      if (chunk.model() != null) {
        model = chunk.model();
      }
    }
    return chunks;
  }

  /** The text of a plain content chunk of the usual shape, or null to read it with Jackson. */
  private String fastText(String payload) {
    if (model == null || !payload.endsWith(CONTENT_TAIL) || payload.contains("\"usage\"")) {
      return null;
    }
    int head = payload.indexOf(CONTENT_HEAD);
    if (head < 0) {
      return null;
    }
    int from = head + CONTENT_HEAD.length();
    int to = payload.length() - CONTENT_TAIL.length();
    if (to < from || payload.indexOf('"', from) != to || payload.indexOf('\\', from) >= 0) {
      return null;
    }
    return payload.substring(from, to);
  }

  private boolean startsWith(int start, String prefix) {
    for (int i = 0; i < prefix.length(); i++) {
      if (pending[start + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
