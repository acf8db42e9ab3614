// A conducting block 100 × 20 × 20 mm (lengths in m) for the 1-D conduction check of `racktwin mesh import`:
// "hot" at x = 0, "cold" at x = 0.1, adiabatic "sides". About 3,700 tetrahedra with gmsh 4.8 (issue 19's user had 3,570).
// Make the committed mesh with:  gmsh -3 -format msh41 block.geo -o block.msh
SetFactory("OpenCASCADE");
Box(1) = {0, 0, 0, 0.1, 0.02, 0.02};
Physical Volume("block") = {1};
Physical Surface("hot") = {1};
Physical Surface("cold") = {2};
Physical Surface("sides") = {3, 4, 5, 6};
Mesh.MeshSizeMax = 0.0039;
Mesh.MshFileVersion = 4.1;
