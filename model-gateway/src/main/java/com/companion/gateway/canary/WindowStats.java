package com.companion.gateway.canary;

/** One version's figures over the sliding window. */
public record WindowStats(int samples, int errors, double errorRate, Double ttftP95Ms) {}
