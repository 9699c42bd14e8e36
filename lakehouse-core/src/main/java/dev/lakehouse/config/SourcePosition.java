package dev.lakehouse.config;

/** A line and column in the config file, both counted from 1. */
public record SourcePosition(int line, int column) {}
