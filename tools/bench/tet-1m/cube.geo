// A 1 m cube for tools/bench/tet-1m/run: physical volume "cube", surfaces "hot" (x = 0) and "cold" (x = 1).
// gmsh -3 -format msh41 -bin -setnumber lc 0.0165 cube.geo -o cube.msh   (1,015,852 tetrahedra with gmsh 4.8.4)
SetFactory("OpenCASCADE");
DefineConstant[ lc = {0.0165, Name "lc"} ];
Box(1) = {0, 0, 0, 1, 1, 1};
Physical Volume("cube") = {1};
Physical Surface("hot") = {1};
Physical Surface("cold") = {2};
Mesh.MeshSizeMax = lc;
