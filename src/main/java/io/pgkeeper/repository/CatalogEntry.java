package io.pgkeeper.repository;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A completed backup as {@code list} shows it: its manifest and its last verification, if any. */
public record CatalogEntry(@JsonUnwrapped Manifest manifest, VerifyRecord lastVerification) {}
