// Volume ray casting, fragment stage (WebGL2: sampler3D).
//
// Only the box faces through which the eye ray LEAVES the volume draw (their outward normal points
// away from the camera), so each pixel integrates its ray once, whatever the winding or the sign of
// the texture → engine determinant (LPS → engine mirrors), and also with the camera inside the box.
// The ray enters at the slab intersection with [0, 1]³ (or at the camera) and is sampled every
// `stepTexels` texels (offset by a per-pixel jitter), front to back:
//   composite (mode 0): colour and opacity from the 256-entry transfer table (opacity per mm,
//     corrected for the step length: α = 1 − (1 − α_mm)^(step mm)), Lambert-shaded with the CT
//     gradient (central differences) under a headlight, stopped at 97 % opacity;
//   MIP (mode 1): the largest value on the ray, shown through the table (grey = opacity).
// Empty space is skipped: `blockMax` holds the largest byte of each block of `blockTexels`³ texels
// (with the one-texel apron trilinear samples read); a composite ray jumps over blocks whose maximum is
// below the table's first visible byte, a MIP ray over blocks not above its current maximum.
// The axial cut hides samples on the positive side of `clipTex` (texture coordinates, from the LPS
// plane z = z_cut). Output is premultiplied alpha, blended OVER what is behind the box's far faces.
precision highp float;
precision highp sampler3D;

varying vec3 vTex;
varying vec3 vFaceNormalTex;

uniform sampler3D volumeTexture;
uniform sampler3D blockMax;
uniform float blockTexels;
// First byte (0–255) with opacity > 0 in the table; 256 = none.
uniform float firstVisibleByte;
uniform sampler2D transferTable;
// Camera position in texture coordinates.
uniform vec3 cameraTex;
// Texels along each axis, and mm between texel centres along each axis.
uniform vec3 texels;
uniform vec3 spacingMm;
// Distance between samples, in texels.
uniform float stepTexels;
// 0 composite, 1 MIP.
uniform float mode;
// Hide where dot(clipTex.xyz, s) + clipTex.w > 0, when clipOn > 0.5.
uniform vec4 clipTex;
uniform float clipOn;

const int MAX_STEPS = 2048;

float sampleValue(vec3 s) {
  return texture(volumeTexture, s).r;
}

vec4 transfer(float v) {
  // Byte b of the texture sits at the centre of table texel b.
  return texture(transferTable, vec2((v * 255.0 + 0.5) / 256.0, 0.5));
}

bool clipped(vec3 s) {
  return clipOn > 0.5 && dot(clipTex.xyz, s) + clipTex.w > 0.0;
}

void main(void) {
  vec3 dir = vTex - cameraTex;
  if (dot(dir, vFaceNormalTex) <= 0.0) discard;
  // Entry: the slab intersection of the ray cameraTex + t·dir with the unit cube (the exit is t = 1).
  vec3 safeDir = mix(dir, vec3(1e-7), step(abs(dir), vec3(1e-7)));
  vec3 t0 = -cameraTex / safeDir;
  vec3 t1 = (vec3(1.0) - cameraTex) / safeDir;
  vec3 tNear = min(t0, t1);
  float tEnter = clamp(max(max(tNear.x, tNear.y), tNear.z), 0.0, 1.0);
  vec3 start = cameraTex + tEnter * dir;
  vec3 span = vTex - start;
  float lengthTexels = length(span * texels);
  int steps = int(ceil(lengthTexels / stepTexels));
  if (steps < 1) discard;
  vec3 stepTex = span / float(steps);
  // The same step in mm (the direction cosines are orthonormal, so lengths and angles are those of the
  // index axes scaled to mm).
  vec3 stepMmVec = stepTex * texels * spacingMm;
  float stepMm = length(stepMmVec);
  vec3 viewMm = stepMmVec / max(stepMm, 1e-9);
  vec3 h = 1.0 / texels;

  ivec3 lastBlock = textureSize(blockMax, 0) - 1;
  vec3 invStepTex = 1.0 / mix(stepTex, vec3(1e-12), step(abs(stepTex), vec3(1e-12)));

  // Per-pixel offset of the samples along the ray (0–1 step): trades the wood-grain rings of a fixed
  // sampling grid for fine noise.
  float jitter = fract(sin(dot(gl_FragCoord.xy, vec2(12.9898, 78.233))) * 43758.5453);

  vec4 acc = vec4(0.0);
  float maxValue = 0.0;
  int n = 0;
  for (int iteration = 0; iteration < MAX_STEPS; iteration++) {
    if (n >= steps) break;
    vec3 s = start + (float(n) + jitter) * stepTex;
    // The block of this sample: skip to the first sample past it when nothing in it can show.
    vec3 block = floor(s * texels / blockTexels);
    float blockMaxByte = texelFetch(blockMax, clamp(ivec3(block), ivec3(0), lastBlock), 0).r * 255.0;
    bool empty = mode > 0.5 ? blockMaxByte <= maxValue * 255.0 + 0.5 : blockMaxByte < firstVisibleByte - 0.5;
    if (empty) {
      vec3 bound = (block + step(vec3(0.0), stepTex)) * blockTexels / texels;
      vec3 tExit = (bound - start) * invStepTex - jitter;
      float tNext = min(min(tExit.x, tExit.y), tExit.z);
      n = max(n + 1, int(ceil(tNext)));
      continue;
    }
    n++;
    if (clipped(s)) continue;
    float v = sampleValue(s);
    if (mode > 0.5) {
      maxValue = max(maxValue, v);
      continue;
    }
    vec4 tf = transfer(v);
    if (tf.a <= 0.0) continue;
    float alpha = 1.0 - pow(1.0 - min(tf.a, 0.999), stepMm);
    // Gradient in value per mm along the (rotated) axes.
    vec3 g = vec3(
      sampleValue(s + vec3(h.x, 0.0, 0.0)) - sampleValue(s - vec3(h.x, 0.0, 0.0)),
      sampleValue(s + vec3(0.0, h.y, 0.0)) - sampleValue(s - vec3(0.0, h.y, 0.0)),
      sampleValue(s + vec3(0.0, 0.0, h.z)) - sampleValue(s - vec3(0.0, 0.0, h.z))) / (2.0 * spacingMm);
    float gradientLength = length(g);
    float lambert = gradientLength > 1e-6 ? abs(dot(g / gradientLength, viewMm)) : 1.0;
    vec3 colour = tf.rgb * (0.3 + 0.7 * lambert);
    acc.rgb += (1.0 - acc.a) * alpha * colour;
    acc.a += (1.0 - acc.a) * alpha;
    if (acc.a > 0.97) break;
  }
  if (mode > 0.5) {
    vec4 tf = transfer(maxValue);
    acc = vec4(tf.rgb * tf.a, tf.a);
  }
  gl_FragColor = acc;
}
