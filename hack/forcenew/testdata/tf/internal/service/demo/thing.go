// A provider resource in the shapes the generator must read: a names constant as key, a local
// constant, a nested block, a schema built by a function, a recursive schema, a package variable.
package demo

const attrOwnerEmail = "owner_email"

// @SDKResource("aws_demo_thing", name="Thing")
func resourceThing() *schema.Resource {
	return &schema.Resource{
		SchemaFunc: func() map[string]*schema.Schema {
			return map[string]*schema.Schema{
				names.AttrName: {Type: schema.TypeString, Required: true, ForceNew: true},
				attrOwnerEmail: {Type: schema.TypeString, Optional: true, ForceNew: true},
				"description":  {Type: schema.TypeString, Optional: true},
				"rule": {
					Type: schema.TypeList, Optional: true,
					Elem: &schema.Resource{Schema: map[string]*schema.Schema{
						"id":     {Type: schema.TypeString, Required: true, ForceNew: true},
						"status": {Type: schema.TypeString, Optional: true},
					}},
				},
				"filter":    filterSchema(),
				"newer_arg": {Type: schema.TypeString, Optional: true, ForceNew: true},
				"shared":    {Type: schema.TypeMap, Optional: true, Elem: sharedSchema},
			}
		},
	}
}

func filterSchema() *schema.Schema {
	return &schema.Schema{
		Type: schema.TypeList, Optional: true, ForceNew: true,
		Elem: &schema.Resource{Schema: map[string]*schema.Schema{"and": filterSchema()}},
	}
}

var sharedSchema = &schema.Resource{Schema: map[string]*schema.Schema{
	"key": {Type: schema.TypeString, Optional: true, ForceNew: true},
}}
