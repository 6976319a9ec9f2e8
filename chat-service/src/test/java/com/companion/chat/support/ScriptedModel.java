package com.companion.chat.support;

import com.companion.chat.Caller;
import com.companion.chat.model.ModelChunk;
import com.companion.chat.model.ModelClient;
import com.companion.chat.model.ModelReply;
import com.companion.chat.model.ModelRequest;
import com.companion.chat.model.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link ModelClient} whose answers a test scripts, for tests of chat-service's own turn logic.
 * Whole turns against the real model run with the whole platform, in the launcher's {@code
 * WholePlatformIT}.
 */
public final class ScriptedModel implements ModelClient {

  public final List<ModelRequest> streamed = new CopyOnWriteArrayList<>();
  public final List<ModelRequest> completed = new CopyOnWriteArrayList<>();
  public final AtomicInteger cancelled = new AtomicInteger();
  private volatile Function<ModelRequest, Flux<ModelChunk>> behaviour = ScriptedModel::echo;

  public void reset() {
    streamed.clear();
    completed.clear();
    cancelled.set(0);
    behaviour = ScriptedModel::echo;
  }

  public void behave(Function<ModelRequest, Flux<ModelChunk>> behaviour) {
    this.behaviour = behaviour;
  }

  /** Replies "Reply <n> to: <the user's last words>", one word per chunk. */
  static Flux<ModelChunk> echo(ModelRequest request) {
    String last = "";
    for (var message : request.messages()) {
      if ("user".equals(message.role())) {
        last = message.content();
      }
    }
    return words("I hear you say " + last + ".");
  }

  public static Flux<ModelChunk> words(String text) {
    List<ModelChunk> chunks = new ArrayList<>();
    String[] parts = text.split("(?<= )");
    for (String part : parts) {
      chunks.add(ModelChunk.text(part, "scripted-v1"));
    }
    chunks.add(new ModelChunk("", "stop", null, "scripted-v1"));
    chunks.add(new ModelChunk("", null, new TokenUsage(42, parts.length), "scripted-v1"));
    return Flux.fromIterable(chunks);
  }

  @Override
  public Flux<ModelChunk> stream(ModelRequest request, Caller caller) {
    streamed.add(request);
    return Flux.defer(() -> behaviour.apply(request)).doOnCancel(cancelled::incrementAndGet);
  }

  @Override
  public Mono<ModelReply> complete(ModelRequest request, Caller caller) {
    completed.add(request);
    return Mono.just(
        new ModelReply("They met and talked.", "stop", new TokenUsage(10, 5), "scripted-v1"));
  }
}
