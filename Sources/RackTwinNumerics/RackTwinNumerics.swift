import CLAPACKE
// placeholder so the module links LAPACKE
func _lapackeProbe() -> Int32 { Int32(rt_LAPACK_COL_MAJOR()) }
