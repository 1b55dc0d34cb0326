/**
 * The embedded default dataset ({@code videor1 synth}): generated temporal-reasoning videos and still images with
 * Video-R1 records whose answers are correct by construction, written through FFmpeg so the curation job reads them
 * as it reads the released data.
 */
package io.videor1.synth;
