// A Plugin Framework resource: replacement is a RequiresReplace plan modifier.
package demo

// @FrameworkResource("aws_demo_widget", name="Widget")
func newWidgetResource(context.Context) (resource.ResourceWithConfigure, error) {
	return &widgetResource{}, nil
}

func (r *widgetResource) Schema(ctx context.Context, request resource.SchemaRequest, response *resource.SchemaResponse) {
	response.Schema = schema.Schema{
		Attributes: map[string]schema.Attribute{
			names.AttrBucket: schema.StringAttribute{
				Required:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"mode": schema.StringAttribute{Optional: true},
		},
		Blocks: map[string]schema.Block{
			"retention": schema.ListNestedBlock{
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"days": schema.Int64Attribute{
							Optional:      true,
							PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplaceIfConfigured()},
						},
						"unit": schema.StringAttribute{Optional: true},
					},
				},
			},
		},
	}
}
