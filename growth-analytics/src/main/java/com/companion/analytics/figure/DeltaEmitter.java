package com.companion.analytics.figure;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Forwards figure changes from a processor, keyed by the figure they change. */
public final class DeltaEmitter {

  private final ProcessorContext<String, Delta> context;

  public DeltaEmitter(ProcessorContext<String, Delta> context) {
    this.context = context;
  }

  public void add(FigureKey figure, String field, long amount, long timestamp) {
    if (amount != 0) {
      context.forward(new Record<>(figure.asString(), Delta.of(field, amount), timestamp));
    }
  }

  public void add(FigureKey figure, Delta delta, long timestamp) {
    if (!delta.isEmpty()) {
      context.forward(new Record<>(figure.asString(), delta, timestamp));
    }
  }
}
