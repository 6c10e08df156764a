// Volume ray casting, vertex stage (WebGL2 through Babylon's GLSL dialect: `attribute` / `varying`).
//
// The box of the CT's 3D texture: every vertex carries its engine position (metres, already mapped
// LPS mm → engine by src/core/engineFrame.ts on the CPU) and its texture coordinate s ∈ [0, 1]³ (the
// texture's texel edges), with the outward normal of its face in texture coordinates. The map
// texture → engine is affine (direction cosines, spacing, origin, then the LPS → engine mirror), so a
// straight ray in the engine is a straight ray in texture coordinates: the fragment stage marches there.
precision highp float;

attribute vec3 position;
attribute vec3 texCoord3;
attribute vec3 faceNormalTex;

uniform mat4 worldViewProjection;

varying vec3 vTex;
varying vec3 vFaceNormalTex;

void main(void) {
  vTex = texCoord3;
  vFaceNormalTex = faceNormalTex;
  gl_Position = worldViewProjection * vec4(position, 1.0);
}
