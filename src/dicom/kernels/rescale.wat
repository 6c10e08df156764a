;; SIMD kernel for the hot path of CT loading (signed 16-bit samples, RescaleSlope 1, integer
;; intercept): in place, data[q] += intercept (wrapping i16 add), while collecting the min and max of the
;; input samples (so the caller can prove no value wrapped) and the number of outputs above a threshold
;; (tissue area for the defective-slice check). Data starts at byte 64; results are stored at
;; 0 (i16x8 lane minima), 16 (i16x8 lane maxima), 32 (i32x4 negated counts).
;; Assembled by scripts/build-kernels.mjs into rescaleWasm.ts (base64); a test checks they match.
(module
  (memory (export "memory") 1)
  (func (export "add_i16_stats") (param $p i32) (param $n i32) (param $c i32) (param $thr i32)
    (local $end i32) (local $vc v128) (local $vt v128) (local $vmin v128) (local $vmax v128)
    (local $acc v128) (local $v v128) (local $o v128)
    (local.set $vc (i16x8.splat (local.get $c)))
    (local.set $vt (i16x8.splat (local.get $thr)))
    (local.set $vmin (v128.const i16x8 32767 32767 32767 32767 32767 32767 32767 32767))
    (local.set $vmax (v128.const i16x8 -32768 -32768 -32768 -32768 -32768 -32768 -32768 -32768))
    (local.set $acc (v128.const i32x4 0 0 0 0))
    (local.set $end (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 1))))
    (block $done
      (loop $lp
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $v (v128.load (local.get $p)))
        (local.set $vmin (i16x8.min_s (local.get $vmin) (local.get $v)))
        (local.set $vmax (i16x8.max_s (local.get $vmax) (local.get $v)))
        (local.set $o (i16x8.add (local.get $v) (local.get $vc)))
        (v128.store (local.get $p) (local.get $o))
        (local.set $acc (i32x4.add (local.get $acc)
          (i32x4.extadd_pairwise_i16x8_s (i16x8.gt_s (local.get $o) (local.get $vt)))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $lp)))
    (v128.store (i32.const 0) (local.get $vmin))
    (v128.store (i32.const 16) (local.get $vmax))
    (v128.store (i32.const 32) (local.get $acc))))
