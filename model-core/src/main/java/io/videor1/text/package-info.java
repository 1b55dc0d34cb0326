/**
 * Text where it crosses a boundary (files read, model output decoded, files written): every malformed sequence (a
 * lone UTF-16 surrogate, a byte that is not UTF-8) becomes U+FFFD instead of an exception, so one bad string never
 * costs the rows around it. Used by both modules; no Spark, no DJL.
 */
package io.videor1.text;
