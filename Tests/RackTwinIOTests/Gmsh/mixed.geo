// Every first-order cell type racktwin reads, in one small mesh for `racktwin mesh import` tests (lengths in m):
//   z 0 – 1  hexahedra   (a transfinite, recombined square extruded in layers)
//     1 – 2  tetrahedra and, on its quadrilateral bottom face, pyramids (gmsh adds them to conform to the hexahedra)
//     2 – 3  prisms      (the tetrahedral block's triangulated top extruded in layers)
// Make the committed mesh with:  gmsh -3 -format msh41 mixed.geo -o mixed.msh
SetFactory("Built-in");
lc = 0.4;
Point(1) = {0, 0, 0, lc}; Point(2) = {1, 0, 0, lc}; Point(3) = {1, 1, 0, lc}; Point(4) = {0, 1, 0, lc};
Line(1) = {1, 2}; Line(2) = {2, 3}; Line(3) = {3, 4}; Line(4) = {4, 1};
Curve Loop(1) = {1, 2, 3, 4};
Plane Surface(1) = {1};
Transfinite Curve{1, 2, 3, 4} = 4;
Transfinite Surface{1};
Recombine Surface{1};
hex[] = Extrude {0, 0, 1} { Surface{1}; Layers{3}; Recombine; };
mid[] = Extrude {0, 0, 1} { Surface{hex[0]}; };
prism[] = Extrude {0, 0, 1} { Surface{mid[0]}; Layers{2}; Recombine; };
Physical Volume("hexes") = {hex[1]};
Physical Volume("tets") = {mid[1]};
Physical Volume("prisms") = {prism[1]};
Physical Surface("bottom") = {1};
Physical Surface("top") = {prism[0]};
Mesh.MshFileVersion = 4.1;
