// A die–lid–cold-plate stack for `racktwin mesh import` tests (lengths in mm: import with --unit mm).
//   z 0.0 – 0.8  die        20 × 20 mm (silicon)
//     0.8 – 2.8  lid        40 × 40 mm (copper)
//     2.8 – 6.8  cold plate 60 × 60 mm (copper base); its top carries the cold plate's convection
// The same stack as boxes for `racktwin mesh generate`: stack-boxes.yaml beside this file.
// Make the committed meshes with:
//   gmsh -3 -format msh41 stack.geo -o stack.msh
//   gmsh -3 -format msh41 -bin stack.geo -o stack-binary.msh
SetFactory("OpenCASCADE");
Box(1) = {-10, -10, 0.0, 20, 20, 0.8};
Box(2) = {-20, -20, 0.8, 40, 40, 2.0};
Box(3) = {-30, -30, 2.8, 60, 60, 4.0};
BooleanFragments{ Volume{1, 2, 3}; Delete; }{}
top() = Surface In BoundingBox{-30.1, -30.1, 6.79, 30.1, 30.1, 6.81};
bottom() = Surface In BoundingBox{-10.1, -10.1, -0.01, 10.1, 10.1, 0.01};
Physical Volume("die") = {1};
Physical Volume("lid") = {2};
Physical Volume("coldplate") = {3};
Physical Surface("coldplate_top") = {top()};
Physical Surface("die_bottom") = {bottom()};
Mesh.MeshSizeMax = 3;
Mesh.MeshSizeMin = 0.5;
MeshSize{ PointsOf{ Volume{1}; } } = 1.2;
Mesh.MshFileVersion = 4.1;
