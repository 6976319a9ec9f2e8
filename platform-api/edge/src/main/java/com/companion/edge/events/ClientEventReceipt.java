package com.companion.edge.events;

/** The answer to {@code POST /v1/events}: how many events were accepted (all, or none). */
public record ClientEventReceipt(int accepted) {}
