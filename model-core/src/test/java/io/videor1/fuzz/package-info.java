/** The seeded mutation fuzzer ({@link io.videor1.fuzz.Fuzzer}) the parser fuzz targets of both modules run on. */
package io.videor1.fuzz;
