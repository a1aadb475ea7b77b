package io.pgkeeper.repository;

/** A file of a backup: its path relative to the backup directory, size and sha256 (hex). */
public record FileEntry(String path, long sizeBytes, String sha256) {}
